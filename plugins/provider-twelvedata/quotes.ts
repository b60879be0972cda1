import type { Quote } from '../../core/contract/types.js';
import type { QuoteOutcome } from '../../core/plugins/types.js';
import {
  buildQuote,
  checkBody,
  describeSymbols,
  fromUnix,
  mapBatchAnswer,
  quoteInBatches,
  providerFailure,
  toNullableNumber,
  toNumber,
  toPercent,
  type ProviderResponse,
} from '../../core/providers/index.js';
import { classifyErrorBody, isErrorBody } from './classify.js';
import { providerName, readBody, type TwelveDataClient } from './client.js';
import { batchQuoteSchema, quoteSchema, type QuoteBody } from './response-schemas.js';

/**
 * Latest quotes, one outcome per symbol in request order. Symbols go out in comma-separated
 * batches of at most `perCall`; after an auth or rate-limit failure the remaining batches
 * fail with the same error instead of spending more calls.
 */
export function fetchQuotes(
  client: TwelveDataClient,
  symbols: readonly string[],
  perCall: number,
  signal?: AbortSignal,
): Promise<QuoteOutcome[]> {
  return quoteInBatches(symbols, (part) => fetchBatch(client, part, signal), {
    size: perCall,
    onFailure: (part, failure) => {
      client.log.debug({ symbols: part.length, err: failure }, 'quote call failed');
    },
  });
}

async function fetchBatch(
  client: TwelveDataClient,
  symbols: readonly string[],
  signal?: AbortSignal,
): Promise<QuoteOutcome[]> {
  // Twelve Data charges a credit per symbol, and its rate limits count credits.
  const query = { symbol: symbols.join(',') };
  const response = await client.http.get('/quote', query, signal, symbols.length);
  client.log.debug({ symbols: symbols.length, status: response.status }, 'quote call answered');
  const [only] = symbols;
  // One symbol comes back as the bare quote, several as an object keyed by symbol.
  if (symbols.length === 1 && only !== undefined) {
    const what = `quote of ${only}`;
    const body = readBody<QuoteBody>(client, response, what, quoteSchema);
    return [{ symbol: only, quote: mapQuote(body, only) }];
  }
  const what = describeSymbols(symbols);
  const entries = readBody<Record<string, unknown>>(client, response, what, batchQuoteSchema);
  return mapBatchAnswer(
    symbols,
    (symbol) => entryOf(entries, symbol),
    (entry, symbol) => quoteOfEntry(client, response, entry, symbol),
    (symbol) =>
      providerFailure('not_found', `quote of ${symbol}: no entry for it in the batch answer`),
  );
}

/** One entry of a batch answer: a quote, or an error body that fails its symbol only. */
function quoteOfEntry(
  client: TwelveDataClient,
  response: ProviderResponse,
  entry: unknown,
  symbol: string,
): Quote {
  const what = `quote of ${symbol}`;
  if (isErrorBody(entry)) {
    const scrub = (text: string): string => client.http.scrub(text);
    throw classifyErrorBody(entry, { what, response, nowMs: client.now(), scrub });
  }
  checkBody(quoteSchema, entry, what);
  return mapQuote(entry as QuoteBody, symbol);
}

/**
 * A contract quote from Twelve Data's strings. `close` is the latest price; the as-of time is
 * `last_quote_at` (the last minute candle), not `timestamp`, which is the day candle's open.
 */
export function mapQuote(body: QuoteBody, symbol: string): Quote {
  const what = `quote of ${symbol}`;
  const price = toNumber(body.close, `${what}: close`);
  return buildQuote({
    symbol,
    provider: providerName,
    price,
    timestampMs: fromUnix(body.last_quote_at ?? body.timestamp, 's', `${what}: last_quote_at`),
    open: toNullableNumber(body.open, `${what}: open`),
    high: toNullableNumber(body.high, `${what}: high`),
    low: toNullableNumber(body.low, `${what}: low`),
    // The day candle's close is final only once the market has closed.
    close: body.is_market_open === false ? price : null,
    previousClose: toNullableNumber(body.previous_close, `${what}: previous_close`),
    change: toNullableNumber(body.change, `${what}: change`),
    changePercent: toPercent(body.percent_change, `${what}: percent_change`),
    volume: toNullableNumber(body.volume, `${what}: volume`),
    currency: body.currency ?? null,
  });
}

function entryOf(entries: Readonly<Record<string, unknown>>, symbol: string): unknown {
  if (Object.hasOwn(entries, symbol)) return entries[symbol];
  const key = Object.keys(entries).find((name) => name.toUpperCase() === symbol.toUpperCase());
  return key === undefined ? undefined : entries[key];
}
