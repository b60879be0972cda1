import { expect } from 'chai';
import { validateRecord } from '../../../core/contract/validate.js';
import type { Quote } from '../../../core/contract/types.js';
import { setUpSimulated } from './simulated-fixtures.js';

const minuteMs = 60_000;

async function quoteAt(instant: string, symbol = 'AAPL'): Promise<Quote> {
  const [outcome] = await setUpSimulated(instant).provider.fetchQuotes([symbol]);
  if (!outcome?.quote) throw new Error(`no quote for ${symbol} at ${instant}`);
  return outcome.quote;
}

describe('simulated quotes', () => {
  describe('quoteOf()', () => {
    it('produces only quotes that pass the data contract, at any time of a week', async () => {
      const { provider, context } = setUpSimulated('2026-03-06T00:00:00.000Z');
      const problems: string[] = [];
      for (let step = 0; step < 7 * 24 * 60; step += 37) {
        for (const outcome of await provider.fetchQuotes(['AAPL', 'BRK.B', 'X'])) {
          const result = validateRecord('stockpoller.quote', outcome.quote);
          if (!result.valid) problems.push(...result.problems);
        }
        context.clock.advance(37 * minuteMs);
      }

      expect(problems).to.deep.equal([]);
    });

    it('stamps the quote with the clock instant', async () => {
      expect((await quoteAt('2026-03-10T15:45:30.500Z')).timestamp).to.equal(
        '2026-03-10T15:45:30.500Z',
      );
    });

    it('leaves close null during the session and sets it once the session ended', async () => {
      const during = await quoteAt('2026-03-10T19:59:59.999Z');
      const after = await quoteAt('2026-03-10T20:00:00.000Z');

      expect(during.close).to.equal(null);
      expect(after.close).to.equal(after.price);
    });

    it('reports the last session before the open and over the weekend', async () => {
      const fridayEvening = await quoteAt('2026-03-13T21:00:00.000Z');
      const saturday = await quoteAt('2026-03-14T12:00:00.000Z');
      const mondayEarly = await quoteAt('2026-03-16T13:29:59.999Z');

      for (const later of [saturday, mondayEarly]) {
        expect({ ...later, timestamp: fridayEvening.timestamp }).to.deep.equal(fridayEvening);
      }
    });

    it('widens high and low and grows volume through the day, never past the close', async () => {
      const { provider, context } = setUpSimulated('2026-03-10T13:30:00.000Z');
      const quotes: Quote[] = [];
      for (let minute = 0; minute <= 400; minute += 7) {
        const [outcome] = await provider.fetchQuotes(['MSFT']);
        if (outcome?.quote) quotes.push(outcome.quote);
        context.clock.advance(7 * minuteMs);
      }

      for (let index = 1; index < quotes.length; index++) {
        const [before, now] = [quotes[index - 1]!, quotes[index]!];
        expect(now.high).to.be.at.least(before.high!);
        expect(now.low).to.be.at.most(before.low!);
        expect(now.volume).to.be.at.least(before.volume!);
        expect(now.open).to.equal(before.open);
        expect(now.price).to.be.within(now.low!, now.high!);
      }
      expect(quotes[0]?.volume).to.equal(0);
      expect(quotes.at(-1)?.volume).to.be.greaterThan(100_000);
    });

    it('derives change and changePercent from the previous close', async () => {
      const quote = await quoteAt('2026-03-10T17:00:00.000Z');
      const previousClose = quote.previousClose!;

      expect(quote.change).to.be.closeTo(quote.price - previousClose, 0.0051);
      expect(quote.changePercent).to.be.closeTo(
        ((quote.price - previousClose) / previousClose) * 100,
        0.00006,
      );
      expect(Number((quote.changePercent! * 10_000).toFixed(6)) % 1).to.equal(0);
    });

    it('agrees with the daily bars: previous close and, after the close, the whole day', async () => {
      const { provider } = setUpSimulated('2026-03-10T21:00:00.000Z');
      const [outcome] = await provider.fetchQuotes(['AAPL']);
      const [monday, tuesday] = await provider.fetchBars({
        symbol: 'AAPL',
        interval: '1d',
        from: '2026-03-09',
        to: '2026-03-10',
      });

      expect(outcome?.quote).to.include({
        previousClose: monday?.close,
        open: tuesday?.open,
        high: tuesday?.high,
        low: tuesday?.low,
        close: tuesday?.close,
        volume: tuesday?.volume,
        vwap: tuesday?.vwap,
      });
    });
  });
});
