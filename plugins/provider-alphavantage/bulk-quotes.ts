import type { Quote } from '../../core/contract/types.js';
import type { StockpollerError } from '../../core/errors/index.js';
import type { QuoteOutcome } from '../../core/plugins/types.js';
import {
  buildQuote,
  chunk,
  failAll,
  newYork,
  providerFailure,
  toNullableNumber,
  toPercent,
  zonedToEpoch,
} from '../../core/providers/index.js';
import type { AlphaVantageClient } from './alphavantage-client.js';
import { notFoundHint, positive, type QuoteSettings } from './quotes.js';
import { bulkQuoteMax } from './capabilities.js';
import { asFailure } from './quote-each.js';
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
  const what =
    symbols.length === 1
      ? `quote of ${symbols.join('')}`
      : `quote of ${symbols.length} symbols (${symbols[0] ?? ''} to ${symbols.at(-1) ?? ''})`;
  const params = { symbol: symbols.join(',') };
  const body = await client.call<BulkQuotesBody>(
    'REALTIME_BULK_QUOTES',
    params,
    what,
    bulkQuotesSchema,
    signal,
  );

  const entries = new Map(body.data.map((entry) => [entry.symbol.toUpperCase(), entry]));
  return symbols.map((symbol): QuoteOutcome => {
    const entry = entries.get(symbol.toUpperCase());
    try {
      const quote = entry === undefined ? undefined : mapBulkEntry(entry, symbol, settings);
      if (quote !== undefined) return { symbol, quote };
      const message = `quote of ${symbol}: Alpha Vantage sent no price for it`;
      return { symbol, error: providerFailure('not_found', message, { hint: notFoundHint }) };
    } catch (error) {
      return { symbol, error: asFailure(error, symbol) };
    }
  });
}

/**
 * A contract quote from one bulk entry: `close` is the latest regular-session price, values
 * are strings, and `timestamp` a New York local time (assumed, like the intraday series).
 * Extended-hours fields are left out: the contract quote is the regular session.
 */
function mapBulkEntry(
  entry: BulkQuoteEntry,
  symbol: string,
  settings: QuoteSettings,
): Quote | undefined {
  const what = `quote of ${symbol}`;
  const price = positive(toNullableNumber(entry.close, `${what}: close`));
  if (price === null) return undefined;

  const stamp = typeof entry.timestamp === 'string' ? entry.timestamp : '';
  const timestampMs = localTime.test(stamp)
    ? zonedToEpoch(stamp, newYork, `${what}: timestamp`)
    : settings.nowMs;
  return buildQuote({
    symbol,
    provider: settings.provider,
    price,
    timestampMs: Math.min(timestampMs, settings.nowMs),
    open: positive(toNullableNumber(entry.open, `${what}: open`)),
    high: positive(toNullableNumber(entry.high, `${what}: high`)),
    low: positive(toNullableNumber(entry.low, `${what}: low`)),
    previousClose: positive(toNullableNumber(entry.previous_close, `${what}: previous_close`)),
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
export async function fetchAllInBulk(
  client: AlphaVantageClient,
  symbols: readonly string[],
  settings: QuoteSettings,
  signal?: AbortSignal,
): Promise<QuoteOutcome[]> {
  const outcomes: QuoteOutcome[] = [];
  let stop: StockpollerError | undefined;
  for (const part of chunk(symbols, bulkQuoteMax)) {
    if (stop !== undefined) {
      outcomes.push(...failAll(part, stop));
      continue;
    }
    try {
      outcomes.push(...(await fetchBulkQuotes(client, part, settings, signal)));
    } catch (error) {
      const failure = asFailure(error, `${part.length} symbols`);
      if (failure.failure?.kind === 'auth' || failure.failure?.kind === 'rate_limited')
        stop = failure;
      outcomes.push(...failAll(part, failure));
    }
  }
  return outcomes;
}
