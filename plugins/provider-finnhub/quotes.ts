import type { Quote } from '../../core/contract/types.js';
import { buildQuote, fromUnix, keepPositive, providerFailure } from '../../core/providers/index.js';
import type { FinnhubClient } from './finnhub-client.js';
import { quoteSchema, type QuoteBody } from './response-schemas.js';

/** What a quote needs besides the symbol. */
export interface QuoteSettings {
  readonly provider: string;
  readonly currency: string;
  readonly nowMs: number;
}

/** The latest quote of one symbol from `GET /quote?symbol=`; throws a classified error. */
export async function fetchFinnhubQuote(
  client: FinnhubClient,
  symbol: string,
  settings: QuoteSettings,
  signal?: AbortSignal,
): Promise<Quote> {
  const what = `quote of ${symbol}`;
  const body = await client.get<QuoteBody>('/quote', { symbol }, what, quoteSchema, signal);
  return mapFinnhubQuote(body, symbol, settings);
}

/**
 * A contract quote from a `/quote` body. Finnhub answers an unknown symbol with HTTP 200 and
 * zeros (`c: 0`, `t: 0`), which is `not_found` here rather than a price of 0. Zeros in the
 * other fields mean "not given" (before the open, for instance) and become null. The body
 * has no volume and no symbol: the symbol is the one asked for.
 */
export function mapFinnhubQuote(body: QuoteBody, symbol: string, settings: QuoteSettings): Quote {
  const price = keepPositive(body.c);
  if (price === null) {
    throw providerFailure(
      'not_found',
      `quote of ${symbol}: Finnhub has no price for it (c = ${String(body.c)})`,
      {
        hint: "Check the ticker and Finnhub's spelling of it; non-US listings carry a suffix (e.g. BMW.DE).",
      },
    );
  }
  const t = keepPositive(body.t);
  return buildQuote({
    symbol,
    provider: settings.provider,
    price,
    // `t` is the last trade; without it the quote is as of the request.
    timestampMs: t === null ? settings.nowMs : fromUnix(t, 's', `quote of ${symbol}: t`),
    open: keepPositive(body.o),
    high: keepPositive(body.h),
    low: keepPositive(body.l),
    previousClose: keepPositive(body.pc),
    change: body.d ?? null,
    changePercent: body.dp ?? null,
    volume: null,
    currency: settings.currency,
  });
}
