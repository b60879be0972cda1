import type { Quote } from '../../core/contract/types.js';
import type { QuoteOutcome } from '../../core/plugins/types.js';
import {
  buildQuote,
  describeSymbols,
  mapBatchAnswer,
  keepPositive,
  firstInstant,
  providerFailure,
  quoteInBatches,
  roundTo,
  toNullableNumber,
  toOptionalPrice,
  toPercent,
} from '../../core/providers/index.js';
import type { BarchartApi } from './barchart-api.js';
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
export function fetchBarchartQuotes(
  api: BarchartApi,
  symbols: readonly string[],
  batchSize: number,
  signal?: AbortSignal,
): Promise<QuoteOutcome[]> {
  return quoteInBatches(symbols, (part) => fetchChunk(api, part, signal), {
    size: batchSize,
    stopAfter: [],
  });
}

async function fetchChunk(
  api: BarchartApi,
  symbols: readonly string[],
  signal?: AbortSignal,
): Promise<QuoteOutcome[]> {
  const body = await api.getJson<BarchartEnvelope<QuoteResult>>(
    '/getQuote.json',
    { symbols: symbols.join(',') },
    describeSymbols(symbols),
    quoteEnvelopeSchema,
    signal,
  );
  const results = body.results ?? [];

  const bySymbol = new Map(results.map((result) => [result.symbol.toUpperCase(), result]));
  return mapBatchAnswer(
    symbols,
    (symbol) => bySymbol.get(symbol.toUpperCase()),
    (result, symbol) => quoteOf(symbol, result),
    (symbol) => providerFailure('not_found', `barchart has no quote for ${symbol}`),
  );
}

/**
 * Maps one quote result. Times carry a US/Central offset and become UTC. OnDemand's default
 * fields have no previous close: it is `lastPrice - netChange`. `close` is 0 or null until
 * the session settles, which means "not yet" (null), never a price of zero.
 */
function quoteOf(symbol: string, result: QuoteResult): Quote {
  const field = (name: string): string => `${symbol} ${name}`;
  const price = toOptionalPrice(result.lastPrice, field('lastPrice'));
  if (price === null) throw providerFailure('no_data', `barchart has no last price for ${symbol}`);
  const timestampMs = firstInstant([result.tradeTimestamp, result.serverTimestamp]);
  if (timestampMs === undefined) {
    throw providerFailure('malformed', `barchart quote of ${symbol} has no readable timestamp`);
  }

  const change = toNullableNumber(result.netChange, field('netChange'));
  const given = toOptionalPrice(result.previousClose, field('previousClose'));
  const derived = change === null ? null : keepPositive(roundTo(price - change, 4));
  const currency =
    typeof result.currency === 'string' && /^[A-Z]{3}$/.test(result.currency)
      ? result.currency
      : null;
  return buildQuote({
    symbol,
    provider,
    price,
    timestampMs,
    open: toOptionalPrice(result.open, field('open')),
    high: toOptionalPrice(result.high, field('high')),
    low: toOptionalPrice(result.low, field('low')),
    close: toOptionalPrice(result.close, field('close')),
    previousClose: given ?? derived,
    change,
    changePercent: toPercent(result.percentChange, field('percentChange')),
    volume: toNullableNumber(result.volume, field('volume')),
    currency,
  });
}
