import { expect } from 'chai';
import { freePlanKey } from './fake-api.js';
import { fakeNowMs } from './fixtures.js';
import { useAlphaVantageHarness } from './harness.js';

describe('alphavantage provider', () => {
  const h = useAlphaVantageHarness();

  describe('fetchQuotes() with bulkQuotes', () => {
    const symbols = Array.from({ length: 150 }, (_, i) => `T${i + 1}`);

    it('asks REALTIME_BULK_QUOTES for 100 symbols a call, in request order', async () => {
      const { provider } = await h.providerWith({ bulkQuotes: true });
      const outcomes = await provider.fetchQuotes([...symbols, 'ZZZZQ']);

      const lists = h.fake.requests.map((r) => r.query.get('symbol')?.split(',').length);
      expect(h.fake.requests.map((r) => r.query.get('function'))).to.deep.equal([
        'REALTIME_BULK_QUOTES',
        'REALTIME_BULK_QUOTES',
      ]);
      expect(lists).to.deep.equal([100, 51]);
      expect(outcomes.map((o) => o.symbol)).to.deep.equal([...symbols, 'ZZZZQ']);
      expect(outcomes.slice(0, 150).every((o) => o.quote !== undefined)).to.equal(true);
      expect(outcomes[150]?.error?.failure?.kind).to.equal('not_found');
    });

    it('maps an entry, reading its timestamp as New York time', async () => {
      const { provider } = await h.providerWith({ bulkQuotes: true });
      const [outcome] = await provider.fetchQuotes(['IBM']);

      expect(outcome?.quote).to.deep.equal({
        symbol: 'IBM',
        provider: 'alphavantage',
        price: 251.74,
        open: 251.07,
        high: 253.31,
        low: 250.68,
        close: null,
        previousClose: 249.45,
        change: 2.29,
        changePercent: 0.918,
        volume: 1234567,
        currency: 'USD',
        timestamp: '2026-03-10T14:59:58.000Z',
      });
    });

    it('fails one bad entry alone and stamps an entry without a time at the clock', async () => {
      h.fake.override(() => ({
        body: {
          data: [
            { symbol: 'AAPL', close: 'n/a' },
            { symbol: 'msft', close: '402.1000' },
          ],
        },
      }));
      const { provider } = await h.providerWith({ bulkQuotes: true });
      const [aapl, msft] = await provider.fetchQuotes(['AAPL', 'MSFT']);

      expect(aapl?.error?.failure?.kind).to.equal('malformed');
      expect(msft?.quote).to.deep.include({
        price: 402.1,
        timestamp: new Date(fakeNowMs).toISOString(),
      });
    });

    it('fails the whole batch as plan_required on a free testKey, and stops after a quota', async () => {
      const free = await h.providerWith({ apiKey: freePlanKey, bulkQuotes: true });
      const planOutcomes = await free.provider.fetchQuotes(['AAPL', 'MSFT']);
      const limited = await h.providerWith({ apiKey: 'key-rate-limited', bulkQuotes: true });
      const before = h.fake.requests.length;
      const limitedOutcomes = await limited.provider.fetchQuotes(symbols);

      expect(planOutcomes.map((o) => o.error?.failure?.kind)).to.deep.equal([
        'plan_required',
        'plan_required',
      ]);
      expect(new Set(limitedOutcomes.map((o) => o.error?.failure?.kind))).to.deep.equal(
        new Set(['rate_limited']),
      );
      expect(h.fake.requests.length - before).to.equal(1);
    });
  });
});
