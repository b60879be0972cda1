import { expect } from 'chai';
import type { QuoteOutcome } from '../../../core/plugins/types.js';
import { setUpSimulated } from './simulated-fixtures.js';

const duringSession = '2026-03-10T15:45:30.500Z';
// 2026-01-01 is the date at which every symbol closes at its base price.
const afterOriginClose = '2026-01-01T22:00:00.000Z';

function pricesOf(outcomes: QuoteOutcome[]): (number | undefined)[] {
  return outcomes.map((outcome) => outcome.quote?.price);
}

describe('simulated provider', () => {
  describe('fetchQuotes()', () => {
    it('returns the same quotes from two instances with the same seed at the same instant', async () => {
      const first = setUpSimulated(duringSession).provider;
      const second = setUpSimulated(duringSession).provider;
      const symbols = ['AAPL', 'MSFT', 'BRK.B'];

      expect(await second.fetchQuotes(symbols)).to.deep.equal(await first.fetchQuotes(symbols));
    });

    it('returns different prices under a different seed', async () => {
      const symbols = ['AAPL', 'MSFT', 'TSLA'];
      const seeded42 = await setUpSimulated(duringSession).provider.fetchQuotes(symbols);
      const seeded7 = await setUpSimulated(duringSession, { seed: 7 }).provider.fetchQuotes(
        symbols,
      );

      expect(pricesOf(seeded7)).to.not.deep.equal(pricesOf(seeded42));
    });

    it('answers each symbol in request order and fails only the unknown ones', async () => {
      const { provider } = setUpSimulated(duringSession, { unknownSymbols: ['NOPE'] });

      const outcomes = await provider.fetchQuotes(['AAPL', 'NOPE', 'MSFT']);

      expect(outcomes.map((outcome) => outcome.symbol)).to.deep.equal(['AAPL', 'NOPE', 'MSFT']);
      expect(outcomes[0]?.quote?.symbol).to.equal('AAPL');
      expect(outcomes[1]?.error).to.include({
        code: 'SP_ERR_PROVIDER_NOT_FOUND',
        hint: 'symbol not found',
      });
      expect(outcomes[1]?.error?.failure).to.deep.equal({ kind: 'not_found', retryable: false });
      expect(outcomes[2]?.quote?.symbol).to.equal('MSFT');
    });

    it('matches unknown symbols whatever their case', async () => {
      const { provider } = setUpSimulated(duringSession, { unknownSymbols: ['NOPE'] });

      const [outcome] = await provider.fetchQuotes(['nope']);

      expect(outcome?.error?.code).to.equal('SP_ERR_PROVIDER_NOT_FOUND');
    });

    it('rejects when the signal is already aborted', async () => {
      const { provider } = setUpSimulated(duringSession);
      const controller = new AbortController();
      controller.abort(new Error('poll cancelled'));

      let caught: unknown;
      try {
        await provider.fetchQuotes(['AAPL'], controller.signal);
      } catch (error) {
        caught = error;
      }

      expect(caught).to.be.an('error').with.property('message', 'poll cancelled');
    });

    it('puts the configured currency on every quote', async () => {
      const { provider } = setUpSimulated(duringSession, { currency: 'EUR' });

      const outcomes = await provider.fetchQuotes(['SAP', 'ASML']);

      expect(outcomes.map((outcome) => outcome.quote?.currency)).to.deep.equal(['EUR', 'EUR']);
    });

    it('closes each symbol at its configured base price on 2026-01-01', async () => {
      const basePrices = { AAPL: 230, MSFT: 420.5 };
      const { provider } = setUpSimulated(afterOriginClose, { basePrices, seed: 1234 });

      const outcomes = await provider.fetchQuotes(['AAPL', 'MSFT']);

      expect(outcomes.map((outcome) => outcome.quote?.close)).to.deep.equal([230, 420.5]);
    });

    it('derives a base price between 10 and 500 from the symbol alone', async () => {
      const symbols = Array.from({ length: 200 }, (_, index) => `SYM${String(index)}`);
      const seeded1 = pricesOf(
        await setUpSimulated(afterOriginClose, { seed: 1 }).provider.fetchQuotes(symbols),
      );
      const seeded2 = pricesOf(
        await setUpSimulated(afterOriginClose, { seed: 2 }).provider.fetchQuotes(symbols),
      );

      expect(seeded2).to.deep.equal(seeded1);
      for (const price of seeded1) expect(price).to.be.within(10, 500);
      expect(new Set(seeded1).size).to.be.greaterThan(150);
    });

    it('keeps the price at the base price when volatility is 0', async () => {
      const { provider } = setUpSimulated(duringSession, {
        volatility: 0,
        basePrices: { FLAT: 50 },
      });

      const [outcome] = await provider.fetchQuotes(['FLAT']);

      expect(outcome?.quote).to.include({ price: 50, open: 50, high: 50, low: 50, change: 0 });
    });
  });

  describe('fetchBars()', () => {
    const request = { symbol: 'AAPL', interval: '5m', from: '2026-03-02', to: '2026-03-06' };

    it('returns identical bars on repeated calls and from another instance', async () => {
      const { provider, context } = setUpSimulated('2026-03-09T12:00:00.000Z');
      const first = await provider.fetchBars(request);
      context.clock.advance(3 * 86_400_000);
      const again = await provider.fetchBars(request);
      const elsewhere = await setUpSimulated('2026-04-01T00:00:00.000Z').provider.fetchBars(
        request,
      );

      expect(first).to.have.length(5 * 78);
      expect(again).to.deep.equal(first);
      expect(elsewhere).to.deep.equal(first);
    });

    it('rejects an unknown symbol as not found', async () => {
      const { provider } = setUpSimulated(duringSession, { unknownSymbols: ['NOPE'] });

      let caught: unknown;
      try {
        await provider.fetchBars({ ...request, symbol: 'NOPE' });
      } catch (error) {
        caught = error;
      }

      expect(caught).to.include({ code: 'SP_ERR_PROVIDER_NOT_FOUND', hint: 'symbol not found' });
    });
  });

  describe('capabilities', () => {
    it('declares quotes, daily bars and the intraday intervals it serves', () => {
      const { provider } = setUpSimulated(duringSession);

      expect(provider.capabilities).to.deep.equal({
        quote: true,
        maxSymbolsPerCall: 1000,
        dailyBars: true,
        intradayIntervals: ['1m', '5m', '15m', '30m', '1h'],
        rateLimits: {},
      });
    });
  });

  describe('stop()', () => {
    it('can be called twice and leaves the provider answering the same', async () => {
      const { provider } = setUpSimulated(duringSession);
      const before = await provider.fetchQuotes(['AAPL']);

      await provider.stop();
      await provider.stop();

      expect(await provider.fetchQuotes(['AAPL'])).to.deep.equal(before);
    });
  });
});
