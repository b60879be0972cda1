import type { Quote } from '../../core/contract/types.js';
import type { QuoteOutcome } from '../../core/plugins/types.js';
import type { StockpollerError } from '../../core/errors/index.js';
import {
  buildQuote,
  describeSymbols,
  mapBatchAnswer,
  newYork,
  providerFailure,
  quoteInBatches,
  toNullableNumber,
  toOptionalPrice,
  toPercent,
  zonedToEpoch,
} from '../../core/providers/index.js';
import type { AlphaVantageClient } from './alphavantage-client.js';
import { notFoundHint, type QuoteSettings } from './quotes.js';
import { bulkQuoteMax } from './capabilities.js';
import { bulkQuotesSchema, type BulkQuoteEntry, type BulkQuotesBody } from './response-schemas.js';

const localTime = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}/;

/**
 * Quotes of up to 100 symbols in one `function=REALTIME_BULK_QUOTES` call (premium), one
 * outcome per symbol in request order. A symbol the answer leaves out, or sends without a
 * price, is `not_found`; an entry that cannot be read fails its symbol only.
 */
export async function fetchBulkQuotes(
  client: AlphaVantageClient,
  symbols: readonly string[],
  settings: QuoteSettings,
  signal?: AbortSignal,
): Promise<QuoteOutcome[]> {
  const params = { symbol: symbols.join(',') };
  const body = await client.call<BulkQuotesBody>(
    'REALTIME_BULK_QUOTES',
    params,
    describeSymbols(symbols),
    bulkQuotesSchema,
    signal,
  );

  const entries = new Map(body.data.map((entry) => [entry.symbol.toUpperCase(), entry]));
  return mapBatchAnswer(
    symbols,
    (symbol) => entries.get(symbol.toUpperCase()),
    (entry, symbol) => mapBulkEntry(entry, symbol, settings),
    noPrice,
  );
}

function noPrice(symbol: string): StockpollerError {
  const message = `quote of ${symbol}: Alpha Vantage sent no price for it`;
  return providerFailure('not_found', message, { hint: notFoundHint });
}

/**
 * A contract quote from one bulk entry: `close` is the latest regular-session price, values
 * are strings, and `timestamp` a New York local time (assumed, like the intraday series).
 * Extended-hours fields are left out: the contract quote is the regular session. An entry
 * without a price is an unknown symbol, as when the entry is left out.
 */
function mapBulkEntry(entry: BulkQuoteEntry, symbol: string, settings: QuoteSettings): Quote {
  const what = `quote of ${symbol}`;
  const price = toOptionalPrice(entry.close, `${what}: close`);
  if (price === null) throw noPrice(symbol);

  const stamp = typeof entry.timestamp === 'string' ? entry.timestamp : '';
  const timestampMs = localTime.test(stamp)
    ? zonedToEpoch(stamp, newYork, `${what}: timestamp`)
    : settings.nowMs;
  return buildQuote({
    symbol,
    provider: settings.provider,
    price,
    timestampMs: Math.min(timestampMs, settings.nowMs),
    open: toOptionalPrice(entry.open, `${what}: open`),
    high: toOptionalPrice(entry.high, `${what}: high`),
    low: toOptionalPrice(entry.low, `${what}: low`),
    previousClose: toOptionalPrice(entry.previous_close, `${what}: previous_close`),
    change: toNullableNumber(entry.change, `${what}: change`),
    changePercent: toPercent(entry.change_percent, `${what}: change_percent`),
    volume: toNullableNumber(entry.volume, `${what}: volume`),
    currency: settings.currency,
  });
}

/**
 * Quotes of any number of symbols in calls of {@link bulkQuoteMax}, made one after another.
 * A chunk that fails as a whole fails its symbols; once that failure concerns the key (auth,
 * quota), the chunks left get it too without spending calls.
 */
export function fetchAllInBulk(
  client: AlphaVantageClient,
  symbols: readonly string[],
  settings: QuoteSettings,
  signal?: AbortSignal,
): Promise<QuoteOutcome[]> {
  return quoteInBatches(symbols, (part) => fetchBulkQuotes(client, part, settings, signal), {
    size: bulkQuoteMax,
  });
}
