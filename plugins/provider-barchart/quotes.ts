import type { Quote } from '../../core/contract/types.js';
import {
  describeError,
  isStockpollerError,
  type StockpollerError,
} from '../../core/errors/index.js';
import type { QuoteOutcome } from '../../core/plugins/types.js';
import {
  buildQuote,
  chunk,
  failAll,
  providerFailure,
  roundTo,
  toNullableNumber,
  toPercent,
} from '../../core/providers/index.js';
import type { BarchartApi } from './barchart-api.js';
import { parseInstant } from './bar-window.js';
import {
  quoteEnvelopeSchema,
  type BarchartEnvelope,
  type QuoteResult,
} from './response-schemas.js';

const provider = 'barchart';

/**
 * Latest quotes, one outcome per symbol in request order, in `getQuote.json` calls of at most
 * `batchSize` symbols. A symbol the answer leaves out is `not_found`; a call answered "no
 * content" (status 204: none of its symbols is known) fails its symbols as `no_data`.
 */
export async function fetchBarchartQuotes(
  api: BarchartApi,
  symbols: readonly string[],
  batchSize: number,
  signal?: AbortSignal,
): Promise<QuoteOutcome[]> {
  const outcomes: QuoteOutcome[] = [];
  for (const part of chunk(symbols, batchSize)) {
    outcomes.push(...(await fetchChunk(api, part, signal)));
  }
  return outcomes;
}

async function fetchChunk(
  api: BarchartApi,
  symbols: readonly string[],
  signal?: AbortSignal,
): Promise<QuoteOutcome[]> {
  const what =
    symbols.length <= 3 ? `quotes of ${symbols.join(', ')}` : `quotes of ${symbols.length} symbols`;
  let results: readonly QuoteResult[];
  try {
    const body = await api.getJson<BarchartEnvelope<QuoteResult>>(
      '/getQuote.json',
      { symbols: symbols.join(',') },
      what,
      quoteEnvelopeSchema,
      signal,
    );
    results = body.results ?? [];
  } catch (error) {
    return failAll(symbols, asFailure(error, what));
  }

  const bySymbol = new Map(results.map((result) => [result.symbol.toUpperCase(), result]));
  return symbols.map((symbol): QuoteOutcome => {
    const result = bySymbol.get(symbol.toUpperCase());
    if (result === undefined) {
      const error = providerFailure('not_found', `barchart has no quote for ${symbol}`);
      return { symbol, error };
    }
    try {
      return { symbol, quote: quoteOf(symbol, result) };
    } catch (error) {
      return { symbol, error: asFailure(error, `quote of ${symbol}`) };
    }
  });
}

/**
 * Maps one quote result. Times carry a US/Central offset and become UTC. OnDemand's default
 * fields have no previous close: it is `lastPrice - netChange`. `close` is 0 or null until
 * the session settles, which means "not yet" (null), never a price of zero.
 */
function quoteOf(symbol: string, result: QuoteResult): Quote {
  const field = (name: string): string => `${symbol} ${name}`;
  const price = positive(toNullableNumber(result.lastPrice, field('lastPrice')));
  if (price === null) throw providerFailure('no_data', `barchart has no last price for ${symbol}`);
  const timestampMs = [result.tradeTimestamp, result.serverTimestamp]
    .map((stamp) => (typeof stamp === 'string' ? parseInstant(stamp) : undefined))
    .find((ms) => ms !== undefined);
  if (timestampMs === undefined) {
    throw providerFailure('malformed', `barchart quote of ${symbol} has no readable timestamp`);
  }

  const change = toNullableNumber(result.netChange, field('netChange'));
  const given = positive(toNullableNumber(result.previousClose, field('previousClose')));
  const derived = change === null ? null : positive(roundTo(price - change, 4));
  const currency =
    typeof result.currency === 'string' && /^[A-Z]{3}$/.test(result.currency)
      ? result.currency
      : null;
  return buildQuote({
    symbol,
    provider,
    price,
    timestampMs,
    open: positive(toNullableNumber(result.open, field('open'))),
    high: positive(toNullableNumber(result.high, field('high'))),
    low: positive(toNullableNumber(result.low, field('low'))),
    close: positive(toNullableNumber(result.close, field('close'))),
    previousClose: given ?? derived,
    change,
    changePercent: toPercent(result.percentChange, field('percentChange')),
    volume: toNullableNumber(result.volume, field('volume')),
    currency,
  });
}

function positive(value: number | null): number | null {
  return value !== null && value > 0 ? value : null;
}

/** Any failure as a classified provider error (a bug in mapping counts as malformed). */
export function asFailure(error: unknown, what: string): StockpollerError {
  if (isStockpollerError(error)) return error;
  return providerFailure('malformed', `${what}: ${describeError(error)}`, { cause: error });
}
