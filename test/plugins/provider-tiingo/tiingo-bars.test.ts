import { expect } from 'chai';
import { failureOf } from '../../helpers/provider-harness.js';
import { useTiingoHarness } from './harness.js';

describe('tiingo provider bars', () => {
  const harness = useTiingoHarness();
  const { providerFor, serverReplying } = harness;

  describe('fetchBars()', () => {
    it('keys daily bars by the date part of Tiingo midnight-UTC stamps', async () => {
      const { provider } = await providerFor(harness.server().url);
      const bars = await provider.fetchBars({
        symbol: 'AAPL',
        interval: '1d',
        from: '2025-03-07',
        to: '2025-03-10',
      });

      const request = harness.server().requests.at(-1);
      expect(request?.path).to.equal('/tiingo/daily/aapl/prices');
      expect(request?.query.get('startDate')).to.equal('2025-03-07');
      expect(request?.query.get('endDate')).to.equal('2025-03-10');
      expect(bars.map((b) => [b.date, b.timestamp])).to.deep.equal([
        ['2025-03-07', '2025-03-07T05:00:00.000Z'],
        ['2025-03-10', '2025-03-10T04:00:00.000Z'],
      ]);
      expect(bars[0]).to.deep.include({ open: 203, close: 204, volume: 50_000_004 });
    });

    it('uses the adjusted columns when adjusted is on', async () => {
      const { provider } = await providerFor(harness.server().url, { adjusted: true });
      const [bar] = await provider.fetchBars({
        symbol: 'AAPL',
        interval: '1d',
        from: '2025-03-07',
        to: '2025-03-07',
      });

      expect(bar).to.deep.include({
        open: 101.5,
        high: 103,
        low: 100.5,
        close: 102,
        volume: 100_000_008,
      });
    });

    it('sorts newest-first rows and fails an unknown ticker as not_found', async () => {
      const custom = await serverReplying({
        body: [
          {
            date: '2025-03-11T00:00:00.000Z',
            open: '2',
            high: '3',
            low: '1',
            close: '2.5',
            volume: 9,
          },
          { date: '2025-03-10T00:00:00.000Z', open: 1, high: 2, low: 0.5, close: 1.5, volume: 8 },
        ],
      });
      const { provider } = await providerFor(custom.url);
      const bars = await provider.fetchBars({
        symbol: 'AAPL',
        interval: '1d',
        from: '2025-03-10',
        to: '2025-03-11',
      });
      const error = await failureOf(
        (await providerFor(harness.server().url)).provider.fetchBars({
          symbol: 'NOPE',
          interval: '1d',
          from: '2025-03-10',
          to: '2025-03-11',
        }),
      );

      expect(bars.map((b) => [b.date, b.close])).to.deep.equal([
        ['2025-03-10', 1.5],
        ['2025-03-11', 2.5],
      ]);
      expect(error.failure?.kind).to.equal('not_found');
    });

    it('asks IEX for resampled bars with volume and keeps those starting in range', async () => {
      const { provider } = await providerFor(harness.server().url, { afterHours: true });
      const bars = await provider.fetchBars({
        symbol: 'MSFT',
        interval: '1h',
        from: '2025-03-12T14:00:00Z',
        to: '2025-03-12T16:30:00-04:00',
      });

      const query = harness.server().requests.at(-1)?.query;
      expect(harness.server().requests.at(-1)?.path).to.equal('/iex/msft/prices');
      expect(query?.get('resampleFreq')).to.equal('1hour');
      expect(query?.get('columns')).to.equal('open,high,low,close,volume');
      expect(query?.get('afterHours')).to.equal('true');
      expect(bars.map((b) => b.timestamp)).to.deep.equal([
        '2025-03-12T14:30:00.000Z',
        '2025-03-12T15:30:00.000Z',
        '2025-03-12T16:30:00.000Z',
        '2025-03-12T17:30:00.000Z',
        '2025-03-12T18:30:00.000Z',
        '2025-03-12T19:30:00.000Z',
      ]);
      expect(bars[0]).to.deep.include({ date: null, interval: '1h', volume: 1060 });
    });

    it('rejects a bar time without a zone as malformed', async () => {
      const custom = await serverReplying({
        body: [{ date: '2025-03-12 09:30:00', open: 1, high: 1, low: 1, close: 1 }],
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

    it('refuses an unserved interval, a reversed range and a malformed bound without calling', async () => {
      const { provider } = await providerFor(harness.server().url);
      const before = harness.server().requests.length;
      const requests = [
        { symbol: 'AAPL', interval: '2m', from: '2025-03-10', to: '2025-03-11' },
        { symbol: 'AAPL', interval: '1d', from: '2025-03-11', to: '2025-03-10' },
        { symbol: 'AAPL', interval: '1d', from: 'yesterday', to: '2025-03-10' },
        { symbol: 'AAPL', interval: '1d', from: '2025-02-30', to: '2025-03-10' },
        { symbol: 'AAPL', interval: '5m', from: '2025-03-10T09:30:00', to: '2025-03-10' },
      ];
      for (const request of requests) {
        const error = await failureOf(provider.fetchBars(request));
        expect(error.failure?.kind, request.from).to.equal('bad_request');
        expect(error.code).to.equal('SP_ERR_PROVIDER_BAD_REQUEST');
      }
      expect(harness.server().requests.length).to.equal(before);
    });
  });
});
