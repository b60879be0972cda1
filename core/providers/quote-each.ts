import type { Quote } from '../contract/types.js';
import type { FailureKind, StockpollerError } from '../errors/index.js';
import type { QuoteOutcome } from '../plugins/types.js';
import { asProviderFailure } from './failure.js';
import { chunk, failAll } from './records.js';

/**
 * Failure kinds after which, by default, no more quote calls are made: they concern the key,
 * not the symbol, so the next call would fail the same way and only spend quota.
 */
export const keyLevelFailures: readonly FailureKind[] = ['auth', 'rate_limited'];

/**
 * The first key-level failure of a round of quote calls. Once `error` is set, every symbol not
 * yet asked for fails with it, unasked. Share one between {@link quoteInBatches} and a
 * {@link quoteEach} fallback inside it, so a failure on either level stops both.
 */
export interface QuoteStop {
  error: StockpollerError | undefined;
}

/** How {@link quoteEach} and {@link quoteInBatches} go about a round of calls. */
export interface QuoteRoundOptions {
  /**
   * Failure kinds that stop the round. Default {@link keyLevelFailures}; add `plan_required`
   * where the plan wall is the whole endpoint's, or pass `[]` to ask every call regardless.
   */
  readonly stopAfter?: readonly FailureKind[];
  /** The round's stop, when it spans several calls of these helpers. */
  readonly stop?: QuoteStop;
  /**
   * Told of each call that threw, with the symbols it carried and its classified failure (not
   * of the symbols failed unasked after a stop): for a debug log line per failed call.
   */
  readonly onFailure?: (symbols: readonly string[], failure: StockpollerError) => void;
}

/** Options of {@link quoteEach}. */
export interface QuoteEachOptions extends QuoteRoundOptions {
  /** Calls in flight at once. Default 1: one after another. */
  readonly concurrency?: number;
}

/** Options of {@link quoteInBatches}. */
export interface QuoteInBatchesOptions extends QuoteRoundOptions {
  /** Most symbols one call carries. */
  readonly size: number;
}

/**
 * Quotes for an API without a batch endpoint: one `fetchOne` call per symbol, `concurrency`
 * at a time, one outcome per symbol in request order. A call that throws fails its symbol
 * only, unless the failure is of a `stopAfter` kind: then calls already in flight finish, and
 * every symbol not yet asked for gets that failure. Never throws.
 */
export async function quoteEach(
  symbols: readonly string[],
  fetchOne: (symbol: string) => Promise<Quote>,
  options: QuoteEachOptions = {},
): Promise<QuoteOutcome[]> {
  const stop = options.stop ?? { error: undefined };
  const stopAfter = options.stopAfter ?? keyLevelFailures;
  const outcomes = new Array<QuoteOutcome>(symbols.length);
  let next = 0;

  const work = async (): Promise<void> => {
    while (next < symbols.length) {
      const index = next++;
      const symbol = symbols[index] as string;
      if (stop.error !== undefined) {
        outcomes[index] = { symbol, error: stop.error };
        continue;
      }
      try {
        outcomes[index] = { symbol, quote: await fetchOne(symbol) };
      } catch (error) {
        const failure = asProviderFailure(error, `quote of ${symbol}`);
        options.onFailure?.([symbol], failure);
        noteFailure(stop, stopAfter, failure);
        outcomes[index] = { symbol, error: failure };
      }
    }
  };
  const workers = Math.max(1, Math.min(Math.floor(options.concurrency ?? 1), symbols.length));
  await Promise.all(Array.from({ length: workers }, work));
  return outcomes;
}

/**
 * Quotes for a batch endpoint: `fetchBatch` is called with chunks of at most `size` symbols,
 * one after another, and returns one outcome per symbol of its chunk, in order. A call that
 * throws fails its chunk only, unless the failure is of a `stopAfter` kind: then the chunks
 * left fail with it, unasked. No symbols, no call. Never throws.
 */
export async function quoteInBatches(
  symbols: readonly string[],
  fetchBatch: (symbols: readonly string[]) => Promise<QuoteOutcome[]>,
  options: QuoteInBatchesOptions,
): Promise<QuoteOutcome[]> {
  const stop = options.stop ?? { error: undefined };
  const stopAfter = options.stopAfter ?? keyLevelFailures;
  const outcomes: QuoteOutcome[] = [];
  for (const part of chunk(symbols, options.size)) {
    if (stop.error !== undefined) {
      outcomes.push(...failAll(part, stop.error));
      continue;
    }
    try {
      outcomes.push(...(await fetchBatch(part)));
    } catch (error) {
      const failure = asProviderFailure(error, describeSymbols(part));
      options.onFailure?.(part, failure);
      noteFailure(stop, stopAfter, failure);
      outcomes.push(...failAll(part, failure));
    }
  }
  return outcomes;
}

/**
 * One outcome per requested symbol from the rows of a batch answer, in request order. `rowOf`
 * finds a symbol's row; a symbol without one fails with `missing(symbol)`, since most batch
 * endpoints leave unknown symbols out. A row `toQuote` cannot read fails its own symbol only:
 * with the classified failure it threw (`no_data` for a row without a price, say), else as
 * `malformed`.
 */
export function mapBatchAnswer<R>(
  symbols: readonly string[],
  rowOf: (symbol: string) => R | undefined,
  toQuote: (row: R, symbol: string) => Quote,
  missing: (symbol: string) => StockpollerError,
): QuoteOutcome[] {
  return symbols.map((symbol): QuoteOutcome => {
    const row = rowOf(symbol);
    if (row === undefined) return { symbol, error: missing(symbol) };
    try {
      return { symbol, quote: toQuote(row, symbol) };
    } catch (error) {
      return { symbol, error: asProviderFailure(error, `quote of ${symbol}`) };
    }
  });
}

/** `quotes of AAPL, MSFT` for a few symbols, `quotes of 250 symbols (A to ZM)` for many. */
export function describeSymbols(symbols: readonly string[]): string {
  if (symbols.length === 1) return `quote of ${symbols.join('')}`;
  if (symbols.length <= 3) return `quotes of ${symbols.join(', ')}`;
  return `quotes of ${symbols.length} symbols (${symbols[0] ?? ''} to ${symbols.at(-1) ?? ''})`;
}

function noteFailure(
  stop: QuoteStop,
  stopAfter: readonly FailureKind[],
  failure: StockpollerError,
): void {
  const kind = failure.failure?.kind;
  if (stop.error === undefined && kind !== undefined && stopAfter.includes(kind))
    stop.error = failure;
}
