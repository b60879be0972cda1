import type { Quote } from '../../core/contract/types.js';
import { isStockpollerError, type StockpollerError } from '../../core/errors/index.js';
import type { QuoteOutcome } from '../../core/plugins/types.js';
import {
  buildQuote,
  checkBody,
  chunk,
  failAll,
  fromUnix,
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
export async function fetchQuotes(
  client: TwelveDataClient,
  symbols: readonly string[],
  perCall: number,
  signal?: AbortSignal,
): Promise<QuoteOutcome[]> {
  const outcomes: QuoteOutcome[] = [];
  let stopper: StockpollerError | undefined;
  for (const part of chunk(symbols, perCall)) {
    if (stopper !== undefined) {
      outcomes.push(...failAll(part, stopper));
      continue;
    }
    try {
      outcomes.push(...(await fetchBatch(client, part, signal)));
    } catch (error) {
      const failure = asProviderError(error, part);
      client.log.debug({ symbols: part.length, err: failure }, 'quote call failed');
      outcomes.push(...failAll(part, failure));
      const kind = failure.failure?.kind;
      if (kind === 'auth' || kind === 'rate_limited') stopper = failure;
    }
  }
  return outcomes;
}

async function fetchBatch(
  client: TwelveDataClient,
  symbols: readonly string[],
  signal?: AbortSignal,
): Promise<QuoteOutcome[]> {
  const response = await client.http.get('/quote', { symbol: symbols.join(',') }, signal);
  client.log.debug({ symbols: symbols.length, status: response.status }, 'quote call answered');
  const [only] = symbols;
  // One symbol comes back as the bare quote, several as an object keyed by symbol.
  if (symbols.length === 1 && only !== undefined) {
    const what = `quote of ${only}`;
    const body = readBody<QuoteBody>(client, response, what, quoteSchema);
    return [{ symbol: only, quote: mapQuote(body, only) }];
  }
  const what = `quotes of ${symbols.join(',')}`;
  const entries = readBody<Record<string, unknown>>(client, response, what, batchQuoteSchema);
  return symbols.map((symbol) => outcomeOf(client, response, symbol, entryOf(entries, symbol)));
}

function outcomeOf(
  client: TwelveDataClient,
  response: ProviderResponse,
  symbol: string,
  entry: unknown,
): QuoteOutcome {
  const what = `quote of ${symbol}`;
  if (entry === undefined) {
    const error = providerFailure('not_found', `${what}: no entry for it in the batch answer`);
    return { symbol, error };
  }
  if (isErrorBody(entry)) {
    const scrub = (text: string): string => client.http.scrub(text);
    const error = classifyErrorBody(entry, { what, response, nowMs: client.now(), scrub });
    return { symbol, error };
  }
  try {
    checkBody(quoteSchema, entry, what);
    return { symbol, quote: mapQuote(entry as QuoteBody, symbol) };
  } catch (error) {
    return { symbol, error: asProviderError(error, [symbol]) };
  }
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

function asProviderError(error: unknown, symbols: readonly string[]): StockpollerError {
  if (isStockpollerError(error)) return error;
  return providerFailure('malformed', `quotes of ${symbols.join(',')} could not be read`, {
    cause: error,
  });
}
