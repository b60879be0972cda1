import { expect } from 'chai';
import { failureOf } from '../../helpers/provider-harness.js';
import { useIntrinioHarness } from './harness.js';

describe('intrinio provider bars', () => {
  const harness = useIntrinioHarness();
  const { providerFor, serverReplying } = harness;

  describe('fetchBars()', () => {
    it('follows next_page over newest-first daily pages and sorts by date', async () => {
      const { provider } = await providerFor(harness.server().url);
      const before = harness.server().requests.length;
      const bars = await provider.fetchBars({
        symbol: 'AAPL',
        interval: '1d',
        from: '2025-03-05',
        to: '2025-03-11',
      });

      const calls = harness.server().requests.slice(before);
      expect(calls).to.have.length(2);
      expect(calls[0]?.path).to.equal('/securities/AAPL/prices');
      expect(calls[1]?.query.get('start_date')).to.equal('2025-03-05');
      expect(calls[1]?.query.get('frequency')).to.equal('daily');
      expect(bars.map((b) => b.date)).to.deep.equal([
        '2025-03-05',
        '2025-03-06',
        '2025-03-07',
        '2025-03-10',
        '2025-03-11',
      ]);
      expect(bars[0]).to.deep.include({ timestamp: '2025-03-05T05:00:00.000Z', close: 202 });
    });

    it('uses the adjusted columns when adjusted is on', async () => {
      const { provider } = await providerFor(harness.server().url, { adjusted: true });
      const [bar] = await provider.fetchBars({
        symbol: 'AAPL',
        interval: '1d',
        from: '2025-03-07',
        to: '2025-03-07',
      });

      expect(bar).to.deep.include({ open: 101.5, close: 102, volume: 100_000_008 });
    });

    it('asks for UTC intervals by size and time, stamping bars at their start', async () => {
      const { provider } = await providerFor(harness.server().url);
      const before = harness.server().requests.length;
      const bars = await provider.fetchBars({
        symbol: 'MSFT',
        interval: '1h',
        from: '2025-03-12T09:30:00-04:00',
        to: '2025-03-12T16:00:00-04:00',
      });

      const query = harness.server().requests[before]?.query;
      expect(query?.get('interval_size')).to.equal('1h');
      expect(query?.get('timezone')).to.equal('UTC');
      expect(query?.get('start_date')).to.equal('2025-03-12');
      expect(query?.get('start_time')).to.equal('13:30:00');
      expect(query?.get('end_time')).to.equal('20:00:00');
      expect(harness.server().requests.length - before).to.equal(3);
      expect(bars.map((b) => b.timestamp)).to.deep.equal([
        '2025-03-12T13:30:00.000Z',
        '2025-03-12T14:30:00.000Z',
        '2025-03-12T15:30:00.000Z',
        '2025-03-12T16:30:00.000Z',
        '2025-03-12T17:30:00.000Z',
        '2025-03-12T18:30:00.000Z',
        '2025-03-12T19:30:00.000Z',
      ]);
      expect(bars[0]).to.deep.include({ date: null, open: 380, vwap: 380.05, volume: 5000 });
    });

    it('throws not_found for an unknown security and bad_request for an unserved interval', async () => {
      const { provider } = await providerFor(harness.server().url);
      const unknown = await failureOf(
        provider.fetchBars({
          symbol: 'NOPE',
          interval: '1d',
          from: '2025-03-05',
          to: '2025-03-06',
        }),
      );
      const unserved = await failureOf(
        provider.fetchBars({
          symbol: 'AAPL',
          interval: '4h',
          from: '2025-03-05',
          to: '2025-03-06',
        }),
      );

      expect(unknown.failure?.kind).to.equal('not_found');
      expect(unserved.failure?.kind).to.equal('bad_request');
    });

    it('refuses a reversed range and a bound that is neither a date nor an instant', async () => {
      const { provider } = await providerFor(harness.server().url);
      const reversed = await failureOf(
        provider.fetchBars({
          symbol: 'AAPL',
          interval: '1d',
          from: '2025-03-06',
          to: '2025-03-05',
        }),
      );
      const garbled = await failureOf(
        provider.fetchBars({ symbol: 'AAPL', interval: '1d', from: '2025-13-01', to: 'soon' }),
      );

      expect([reversed.failure?.kind, garbled.failure?.kind]).to.deep.equal([
        'bad_request',
        'bad_request',
      ]);
    });

    it('rejects an interval time without a zone', async () => {
      const custom = await serverReplying({
        body: {
          intervals: [{ time: '2025-03-12 13:30', open: 1, high: 1, low: 1, close: 1 }],
          next_page: null,
        },
      });
      const { provider } = await providerFor(custom.url);
      const error = await failureOf(
        provider.fetchBars({
          symbol: 'AAPL',
          interval: '5m',
          from: '2025-03-12',
          to: '2025-03-12',
        }),
      );

      expect(error.failure?.kind).to.equal('malformed');
    });

    it('stops a cursor that never ends', async () => {
      const custom = await serverReplying({
        body: { stock_prices: [], next_page: 'again' },
      });
      const { provider } = await providerFor(custom.url);
      const error = await failureOf(
        provider.fetchBars({
          symbol: 'AAPL',
          interval: '1d',
          from: '2025-03-05',
          to: '2025-03-06',
        }),
      );

      expect(error.failure?.kind).to.equal('malformed');
      expect(custom.requests).to.have.length(500);
    });
  });
});
