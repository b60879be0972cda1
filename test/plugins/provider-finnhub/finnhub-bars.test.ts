import { expect } from 'chai';
import type { StockpollerError } from '../../../core/errors/index.js';
import { dailyBarTimestamp } from '../../../core/providers/index.js';
import type { FinnhubProvider } from '../../../plugins/provider-finnhub/finnhub-provider.js';
import { failureOf } from '../../helpers/provider-harness.js';
import { useFinnhubHarness } from './harness.js';

describe('finnhub provider', () => {
  const h = useFinnhubHarness();

  function barsError(provider: FinnhubProvider, interval = '1d'): Promise<StockpollerError> {
    return failureOf(
      provider.fetchBars({ symbol: 'AAPL', interval, from: '2026-03-04', to: '2026-03-09' }),
    );
  }

  describe('fetchBars()', () => {
    it('asks for resolution D in Unix seconds, a day wider each side, and keys bars by New York date', async () => {
      const { provider } = await h.providerWith();
      const bars = await provider.fetchBars({
        symbol: 'AAPL',
        interval: '1d',
        from: '2026-03-05',
        to: '2026-03-09',
      });

      const query = h.fake.requests.at(-1)?.query;
      expect(query?.get('resolution')).to.equal('D');
      expect(Number(query?.get('from'))).to.equal(Date.parse('2026-03-04T05:00:00Z') / 1000);
      expect(Number(query?.get('to'))).to.equal(Date.parse('2026-03-11T04:00:00Z') / 1000);
      expect(bars.map((b) => [b.date, b.timestamp])).to.deep.equal([
        ['2026-03-05', '2026-03-05T05:00:00.000Z'],
        ['2026-03-06', '2026-03-06T05:00:00.000Z'],
        ['2026-03-09', '2026-03-09T04:00:00.000Z'],
      ]);
    });

    it('reads daily candles stamped at midnight UTC as that date, not the evening before', async () => {
      await h.restart('utc');
      const { provider } = await h.providerWith();
      const bars = await provider.fetchBars({
        symbol: 'AAPL',
        interval: '1d',
        from: '2026-03-02',
        to: '2026-03-03',
      });

      expect(bars.map((b) => b.date)).to.deep.equal(['2026-03-02', '2026-03-03']);
      expect(bars[0]?.timestamp).to.equal(dailyBarTimestamp('2026-03-02'));
    });

    it('stamps intraday bars at their start in UTC with no date, leaving out the bar still forming', async () => {
      const { provider } = await h.providerWith();
      const bars = await provider.fetchBars({
        symbol: 'AAPL',
        interval: '1h',
        from: '2026-03-10T13:30:00Z',
        to: '2026-03-10T16:00:00Z',
      });

      expect(h.fake.requests.at(-1)?.query.get('resolution')).to.equal('60');
      // 09:30 is complete at 11:00 New York; 10:30 is still forming.
      expect(bars.map((b) => [b.timestamp, b.date, b.interval])).to.deep.equal([
        ['2026-03-10T13:30:00.000Z', null, '1h'],
      ]);
    });

    it('sorts candles that arrive newest first', async () => {
      h.fake.override(() => ({
        body: {
          s: 'ok',
          t: [1772773200, 1772686800],
          o: [2, 1],
          h: [3, 2],
          l: [1, 0.5],
          c: [2.5, 1.5],
          v: [10, 20],
        },
      }));
      const { provider } = await h.providerWith();
      const bars = await provider.fetchBars({
        symbol: 'AAPL',
        interval: '1d',
        from: '2026-03-01',
        to: '2026-03-09',
      });

      expect(bars.map((b) => [b.date, b.close, b.volume])).to.deep.equal([
        ['2026-03-05', 1.5, 20],
        ['2026-03-06', 2.5, 10],
      ]);
    });

    it('gives null volumes when v is missing and rejects arrays of different lengths', async () => {
      h.fake.override(() => ({
        body: { s: 'ok', t: [1772773200], o: [2], h: [3], l: [1], c: [2.5] },
      }));
      const { provider } = await h.providerWith();
      const bars = await provider.fetchBars({
        symbol: 'AAPL',
        interval: '1d',
        from: '2026-03-06',
        to: '2026-03-06',
      });
      h.fake.override(() => ({
        body: { s: 'ok', t: [1772773200, 1772859600], o: [2], h: [3], l: [1], c: [2.5] },
      }));
      const error = await barsError(provider);

      expect(bars[0]?.volume).to.equal(null);
      expect(error.failure?.kind).to.equal('malformed');
    });

    it('throws no_data for {s: "no_data"} and plan_required for the premium wall', async () => {
      h.fake.override(() => ({ body: { s: 'no_data' } }));
      const { provider } = await h.providerWith({ plan: 'free' });
      const noData = await barsError(provider);
      h.fake.override(() => ({
        status: 403,
        body: { error: "You don't have access to this resource." },
      }));
      const plan = await barsError(provider);
      h.fake.override(() => ({ body: { s: 'weird' } }));
      const odd = await barsError(provider);

      expect(noData.failure?.kind).to.equal('no_data');
      expect(plan.failure).to.deep.include({
        kind: 'plan_required',
        retryable: false,
        status: 403,
      });
      expect(odd.failure?.kind).to.equal('malformed');
    });

    it('rejects unserved intervals and bad ranges without a call', async () => {
      const { provider } = await h.providerWith();
      const twoHours = await barsError(provider, '2h');
      const reversed = await failureOf(
        provider.fetchBars({
          symbol: 'AAPL',
          interval: '1d',
          from: '2026-03-09',
          to: '2026-03-02',
        }),
      );
      const impossible = await failureOf(
        provider.fetchBars({
          symbol: 'AAPL',
          interval: '5m',
          from: '2026-02-02',
          to: '2026-02-30',
        }),
      );
      const words = await failureOf(
        provider.fetchBars({ symbol: 'AAPL', interval: '5m', from: 'yesterday', to: '2026-03-02' }),
      );

      expect([twoHours, reversed, impossible, words].map((e) => e.failure?.kind)).to.deep.equal([
        'bad_request',
        'bad_request',
        'bad_request',
        'bad_request',
      ]);
      expect(h.fake.requests).to.have.length(0);
    });
  });
});
