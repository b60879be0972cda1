import { expect } from 'chai';
import { failureOf } from '../../helpers/provider-harness.js';
import { envelope, useBarchartHarness } from './harness.js';

describe('barchart provider bars', () => {
  const harness = useBarchartHarness();
  const { providerFor, serverReplying } = harness;

  describe('fetchBars()', () => {
    it('keys daily bars by tradingDay, unadjusted unless asked', async () => {
      const { provider } = await providerFor(harness.server().url);
      const bars = await provider.fetchBars({
        symbol: 'AAPL',
        interval: '1d',
        from: '2025-03-07',
        to: '2025-03-10',
      });
      const adjusted = await (
        await providerFor(harness.server().url, { adjusted: true })
      ).provider.fetchBars({
        symbol: 'AAPL',
        interval: '1d',
        from: '2025-03-07',
        to: '2025-03-07',
      });

      const query = harness.server().requests.at(-2)?.query;
      expect(query?.get('type')).to.equal('daily');
      expect(query?.get('startDate')).to.equal('20250307');
      expect(query?.get('endDate')).to.equal('20250310');
      expect(query?.get('dividends')).to.equal('false');
      expect(harness.server().requests.at(-1)?.query.get('dividends')).to.equal('true');
      expect(bars.map((b) => [b.date, b.timestamp, b.close])).to.deep.equal([
        ['2025-03-07', '2025-03-07T05:00:00.000Z', 204],
        ['2025-03-10', '2025-03-10T04:00:00.000Z', 205],
      ]);
      expect(adjusted[0]?.close).to.equal(201.96);
    });

    it('falls back on the Eastern date of the timestamp without tradingDay', async () => {
      const custom = await serverReplying(
        envelope(200, 'Success.', [
          { timestamp: '2025-03-10T00:00:00-04:00', open: 1, high: 2, low: 0.5, close: 1.5 },
        ]),
      );
      const { provider } = await providerFor(custom.url);
      const [bar] = await provider.fetchBars({
        symbol: 'AAPL',
        interval: '1d',
        from: '2025-03-10',
        to: '2025-03-10',
      });

      expect(bar).to.deep.include({ date: '2025-03-10', timestamp: '2025-03-10T04:00:00.000Z' });
    });

    it('continues after a full page of 1000 minute bars from the last bar', async () => {
      const { provider } = await providerFor(harness.server().url);
      const before = harness.server().requests.length;
      const bars = await provider.fetchBars({
        symbol: 'AAPL',
        interval: '1m',
        from: '2025-03-10',
        to: '2025-03-12',
      });

      const calls = harness.server().requests.slice(before);
      expect(calls.map((c) => [c.query.get('startDate'), c.query.get('endDate')])).to.deep.equal([
        ['202503100000', '202503122359'],
        ['202503121310', '202503122359'],
      ]);
      expect(calls[0]?.query.get('interval')).to.equal('1');
      expect(bars).to.have.length(1170);
      expect(bars[0]?.timestamp).to.equal('2025-03-10T13:30:00.000Z');
      expect(bars.at(-1)?.timestamp).to.equal('2025-03-12T19:59:00.000Z');
    });

    it('ends a continuation that finds no more content', async () => {
      const rows = Array.from({ length: 1000 }, (_, i) => ({
        timestamp: new Date(Date.parse('2025-03-10T13:30:00Z') + i * 60_000).toISOString(),
        open: 1,
        high: 2,
        low: 0.5,
        close: 1.5,
      }));
      let calls = 0;
      const custom = await serverReplying(() =>
        ++calls === 1
          ? envelope(200, 'Success.', rows)
          : envelope(204, 'Success, but no content to return.'),
      );
      const { provider } = await providerFor(custom.url);
      const bars = await provider.fetchBars({
        symbol: 'AAPL',
        interval: '1m',
        from: '2025-03-10',
        to: '2025-03-12',
      });

      expect(custom.requests).to.have.length(2);
      expect(custom.requests[1]?.query.get('startDate')).to.equal('202503110210');
      expect(bars).to.have.length(1000);
    });

    it('reads minute times without an offset as New York wall clock', async () => {
      const custom = await serverReplying(
        envelope(200, 'Success.', [
          { timestamp: '2025-03-12T09:30:00', open: 1, high: 2, low: 0.5, close: 1.5, volume: 7 },
        ]),
      );
      const { provider } = await providerFor(custom.url);
      const [bar] = await provider.fetchBars({
        symbol: 'AAPL',
        interval: '1h',
        from: '2025-03-12',
        to: '2025-03-12',
      });

      expect(custom.requests[0]?.query.get('interval')).to.equal('60');
      expect(bar).to.deep.include({ timestamp: '2025-03-12T13:30:00.000Z', date: null, volume: 7 });
    });

    it('fails unknown symbols with no_data and malformed rows with malformed', async () => {
      const { provider } = await providerFor(harness.server().url);
      const unknown = await failureOf(
        provider.fetchBars({
          symbol: 'NOPE',
          interval: '1d',
          from: '2025-03-10',
          to: '2025-03-11',
        }),
      );
      const custom = await serverReplying(
        envelope(200, 'Success.', [
          { timestamp: 'yesterday', open: 1, high: 2, low: 0.5, close: 1.5 },
        ]),
      );
      const bad = await failureOf(
        (await providerFor(custom.url)).provider.fetchBars({
          symbol: 'AAPL',
          interval: '1d',
          from: '2025-03-10',
          to: '2025-03-11',
        }),
      );

      expect(unknown.failure?.kind).to.equal('no_data');
      expect(bad.failure?.kind).to.equal('malformed');
    });

    it('refuses an unserved interval, a reversed range and a garbled bound without calling', async () => {
      const { provider } = await providerFor(harness.server().url);
      const before = harness.server().requests.length;
      const unserved = await failureOf(
        provider.fetchBars({
          symbol: 'AAPL',
          interval: '4h',
          from: '2025-03-10',
          to: '2025-03-11',
        }),
      );
      const reversed = await failureOf(
        provider.fetchBars({
          symbol: 'AAPL',
          interval: '1d',
          from: '2025-03-11',
          to: '2025-03-10',
        }),
      );
      const garbled = await failureOf(
        provider.fetchBars({ symbol: 'AAPL', interval: '1d', from: '2025-02-29', to: 'later' }),
      );

      expect([unserved, reversed, garbled].map((e) => e.failure?.kind)).to.deep.equal([
        'bad_request',
        'bad_request',
        'bad_request',
      ]);
      expect(harness.server().requests.length).to.equal(before);
    });
  });
});
