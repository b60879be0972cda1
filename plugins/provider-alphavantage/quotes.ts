import type { Quote } from '../../core/contract/types.js';
import {
  buildQuote,
  providerFailure,
  toNullableNumber,
  toNumber,
  toOptionalPrice,
  toPercent,
  toSessionCloseMs,
} from '../../core/providers/index.js';
import type { AlphaVantageClient } from './alphavantage-client.js';
import { globalQuoteSchema, type GlobalQuoteBody } from './response-schemas.js';
import { plainKeys } from './series.js';

/** The fix of an unknown symbol. */
export const notFoundHint =
  'Check the ticker; listings outside the US carry an exchange suffix, e.g. TSCO.LON.';

/** What a quote needs besides the symbol. */
export interface QuoteSettings {
  readonly provider: string;
  readonly currency: string;
  readonly nowMs: number;
}

/** The latest quote of one symbol from `function=GLOBAL_QUOTE`; throws a classified error. */
export async function fetchGlobalQuote(
  client: AlphaVantageClient,
  symbol: string,
  settings: QuoteSettings,
  signal?: AbortSignal,
): Promise<Quote> {
  const what = `quote of ${symbol}`;
  const body = await client.call<GlobalQuoteBody>(
    'GLOBAL_QUOTE',
    { symbol },
    what,
    globalQuoteSchema,
    signal,
  );
  return mapGlobalQuote(body, symbol, settings);
}

/**
 * A contract quote from a GLOBAL_QUOTE body. Values are strings and the change percent has a
 * trailing `%`. The quote has a date but no time of day: it is stamped at that date's 16:00
 * New York close, or at the clock while that session is still open, and `close` is the price
 * once the session has ended. `{"Global Quote": {}}` is Alpha Vantage's unknown symbol.
 */
export function mapGlobalQuote(
  body: GlobalQuoteBody,
  symbol: string,
  settings: QuoteSettings,
): Quote {
  const what = `quote of ${symbol}`;
  // With entitlement=delayed the key reads "Global Quote - DATA DELAYED BY 15 MINUTES".
  const key = Object.keys(body).find((name) => name.startsWith('Global Quote')) as string;
  const fields = plainKeys(body[key] as Readonly<Record<string, string>>);
  const price = fields.price === undefined ? 0 : toNumber(fields.price, `${what}: price`);
  if (price <= 0) {
    throw providerFailure('not_found', `${what}: Alpha Vantage has no quote for it`, {
      hint: notFoundHint,
    });
  }

  const day = fields['latest trading day'] ?? '';
  const closeMs = toSessionCloseMs(day, `${what}: latest trading day`);
  const ended = closeMs <= settings.nowMs;
  return buildQuote({
    symbol,
    provider: settings.provider,
    price,
    timestampMs: Math.min(closeMs, settings.nowMs),
    open: toOptionalPrice(fields.open, `${what}: open`),
    high: toOptionalPrice(fields.high, `${what}: high`),
    low: toOptionalPrice(fields.low, `${what}: low`),
    close: ended ? price : null,
    previousClose: toOptionalPrice(fields['previous close'], `${what}: previous close`),
    change: toNullableNumber(fields.change, `${what}: change`),
    changePercent: toPercent(fields['change percent'], `${what}: change percent`),
    volume: toNullableNumber(fields.volume, `${what}: volume`),
    currency: settings.currency,
  });
}
