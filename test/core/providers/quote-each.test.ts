import { expect } from 'chai';
import type { Quote } from '../../../core/contract/types.js';
import type { FailureKind, StockpollerError } from '../../../core/errors/index.js';
import type { QuoteOutcome } from '../../../core/plugins/types.js';
import { providerFailure } from '../../../core/providers/failure.js';
import {
  describeSymbols,
  mapBatchAnswer,
  quoteEach,
  quoteInBatches,
  type QuoteStop,
} from '../../../core/providers/quote-each.js';
import { buildQuote } from '../../../core/providers/records.js';

const quoteOf = (symbol: string): Quote =>
  buildQuote({ symbol, provider: 'acme', price: 10, timestampMs: 0 });
const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const kinds = (outcomes: readonly QuoteOutcome[]) =>
  outcomes.map((o) => o.error?.failure?.kind ?? 'quote');

/** A fetchOne that fails the symbols of `failures` with their kind, and counts its calls. */
function fakeFetchOne(failures: Readonly<Record<string, FailureKind>> = {}) {
  const asked: string[] = [];
  const fetchOne = async (symbol: string): Promise<Quote> => {
    asked.push(symbol);
    await wait(1);
    const kind = failures[symbol];
    if (kind !== undefined) throw providerFailure(kind, `quote of ${symbol}: ${kind}`);
    return quoteOf(symbol);
  };
  return { asked, fetchOne };
}

describe('quote rounds', () => {
  describe('quoteEach()', () => {
    it('gives one outcome per symbol in request order, failing only the bad one', async () => {
      const { fetchOne } = fakeFetchOne({ B: 'not_found' });
      const outcomes = await quoteEach(['A', 'B', 'C'], fetchOne, { concurrency: 3 });

      expect(outcomes.map((o) => o.symbol)).to.deep.equal(['A', 'B', 'C']);
      expect(kinds(outcomes)).to.deep.equal(['quote', 'not_found', 'quote']);
    });

    it('keeps at most `concurrency` calls in flight', async () => {
      let inFlight = 0;
      let most = 0;
      const fetchOne = async (symbol: string): Promise<Quote> => {
        inFlight++;
        most = Math.max(most, inFlight);
        await wait(5);
        inFlight--;
        return quoteOf(symbol);
      };
      await quoteEach(['A', 'B', 'C', 'D', 'E', 'F', 'G'], fetchOne, { concurrency: 3 });

      expect(most).to.equal(3);
    });

    it('goes one symbol at a time by default', async () => {
      const { asked, fetchOne } = fakeFetchOne();
      await quoteEach(['A', 'B'], fetchOne);

      expect(asked).to.deep.equal(['A', 'B']);
    });

    for (const kind of ['auth', 'rate_limited'] as const) {
      it(`stops calling after ${kind} and fails the rest with that error`, async () => {
        const { asked, fetchOne } = fakeFetchOne({ B: kind });
        const outcomes = await quoteEach(['A', 'B', 'C', 'D'], fetchOne);

        expect(asked).to.deep.equal(['A', 'B']);
        expect(kinds(outcomes)).to.deep.equal(['quote', kind, kind, kind]);
        expect(outcomes[3]?.error).to.equal(outcomes[1]?.error);
      });
    }

    it('goes on after plan_required unless told to stop on it', async () => {
      const first = fakeFetchOne({ A: 'plan_required' });
      const second = fakeFetchOne({ A: 'plan_required' });
      await quoteEach(['A', 'B'], first.fetchOne);
      await quoteEach(['A', 'B'], second.fetchOne, { stopAfter: ['plan_required'] });

      expect(first.asked).to.deep.equal(['A', 'B']);
      expect(second.asked).to.deep.equal(['A']);
    });

    it('makes anything a call throws that is not a classified failure malformed', async () => {
      const outcomes = await quoteEach(['A'], () => Promise.reject(new Error('boom')));

      expect(outcomes[0]?.error?.failure?.kind).to.equal('malformed');
      expect(outcomes[0]?.error?.message).to.equal('quote of A: boom');
    });

    it('reports each failed call, not the symbols failed unasked', async () => {
      const reported: string[][] = [];
      const { fetchOne } = fakeFetchOne({ A: 'not_found', B: 'auth' });
      await quoteEach(['A', 'B', 'C'], fetchOne, {
        onFailure: (symbols) => reported.push([...symbols]),
      });

      expect(reported).to.deep.equal([['A'], ['B']]);
    });
  });

  describe('quoteInBatches()', () => {
    const okBatch = (symbols: readonly string[]): Promise<QuoteOutcome[]> =>
      Promise.resolve(symbols.map((symbol) => ({ symbol, quote: quoteOf(symbol) })));

    it('calls once per chunk of `size`, in order, and no call for no symbols', async () => {
      const calls: string[][] = [];
      const fetchBatch = (symbols: readonly string[]) => {
        calls.push([...symbols]);
        return okBatch(symbols);
      };
      const outcomes = await quoteInBatches(['A', 'B', 'C', 'D', 'E'], fetchBatch, { size: 2 });
      await quoteInBatches([], fetchBatch, { size: 2 });

      expect(calls).to.deep.equal([['A', 'B'], ['C', 'D'], ['E']]);
      expect(outcomes.map((o) => o.symbol)).to.deep.equal(['A', 'B', 'C', 'D', 'E']);
    });

    it('fails the chunk of a call that throws, and goes on after an unavailable', async () => {
      let call = 0;
      const fetchBatch = (symbols: readonly string[]) =>
        ++call === 1 ? Promise.reject(providerFailure('unavailable', 'down')) : okBatch(symbols);
      const outcomes = await quoteInBatches(['A', 'B', 'C'], fetchBatch, { size: 2 });

      expect(kinds(outcomes)).to.deep.equal(['unavailable', 'unavailable', 'quote']);
    });

    it('fails the chunks left unasked after a key-level failure, unless told not to', async () => {
      const calls: number[] = [0, 0];
      const failing = (index: 0 | 1) => () => {
        calls[index] = (calls[index] ?? 0) + 1;
        return Promise.reject(providerFailure('auth', 'bad key'));
      };
      const stopped = await quoteInBatches(['A', 'B', 'C'], failing(0), { size: 1 });
      await quoteInBatches(['A', 'B', 'C'], failing(1), { size: 1, stopAfter: [] });

      expect(kinds(stopped)).to.deep.equal(['auth', 'auth', 'auth']);
      expect(calls).to.deep.equal([1, 3]);
    });

    it('shares a stop with a one-by-one fallback inside it', async () => {
      const stop: QuoteStop = { error: undefined };
      const { asked, fetchOne } = fakeFetchOne({ B: 'rate_limited' });
      const batches: string[][] = [];
      const outcomes = await quoteInBatches(
        ['A', 'B', 'C', 'D'],
        (part) => {
          batches.push([...part]);
          return quoteEach(part, fetchOne, { stop });
        },
        { size: 2, stop },
      );

      expect(asked).to.deep.equal(['A', 'B']);
      expect(batches).to.have.length(1);
      expect(kinds(outcomes)).to.deep.equal([
        'quote',
        'rate_limited',
        'rate_limited',
        'rate_limited',
      ]);
      expect((stop.error as StockpollerError).failure?.kind).to.equal('rate_limited');
    });

    it('names the chunk of a call that threw something unclassified', async () => {
      const outcomes = await quoteInBatches(
        ['A', 'B', 'C', 'D'],
        () => Promise.reject(new Error('boom')),
        { size: 4 },
      );

      expect(outcomes[0]?.error?.message).to.equal('quotes of 4 symbols (A to D): boom');
    });
  });

  describe('mapBatchAnswer()', () => {
    const rows = new Map([
      ['A', { price: 10 }],
      ['B', { price: -1 }],
      ['C', { price: 0 }],
    ]);
    const toQuote = (row: { price: number }, symbol: string): Quote => {
      if (row.price === 0) throw providerFailure('no_data', `${symbol}: no trade yet`);
      if (row.price < 0) throw new RangeError('negative price');
      return buildQuote({ symbol, provider: 'acme', price: row.price, timestampMs: 0 });
    };

    it('maps rows in request order and fails only the symbols it cannot quote', () => {
      const outcomes = mapBatchAnswer(
        ['D', 'C', 'B', 'A'],
        (symbol) => rows.get(symbol),
        toQuote,
        (symbol) => providerFailure('not_found', `no ${symbol}`),
      );

      expect(outcomes.map((o) => o.symbol)).to.deep.equal(['D', 'C', 'B', 'A']);
      expect(kinds(outcomes)).to.deep.equal(['not_found', 'no_data', 'malformed', 'quote']);
      expect(outcomes[2]?.error?.message).to.equal('quote of B: negative price');
      expect(outcomes[3]?.quote?.price).to.equal(10);
    });
  });

  describe('describeSymbols()', () => {
    it('names one, a few, or counts many', () => {
      expect(describeSymbols(['A'])).to.equal('quote of A');
      expect(describeSymbols(['A', 'B', 'C'])).to.equal('quotes of A, B, C');
      expect(describeSymbols(['A', 'B', 'C', 'D'])).to.equal('quotes of 4 symbols (A to D)');
    });
  });
});
