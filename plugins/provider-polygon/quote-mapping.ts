import type { Quote } from '../../core/contract/types.js';
import {
  buildQuote,
  fromUnix,
  providerFailure,
  toDailyBarDate,
  toNewYorkDate,
  toNullableNumber,
  toOptionalPrice,
  toOptionalVolume,
  toPercent,
  toPrice,
  toSessionCloseMs,
} from '../../core/providers/index.js';
import { providerName } from './api.js';
import { fromUnixOfAnyUnit } from './fields.js';
import type { PolygonAggregate, PolygonNumber, SnapshotTicker } from './response-schemas.js';

// US stock snapshots and aggregates are priced in dollars; the bodies carry no currency.
const currency = 'USD';

/**
 * A quote from one ticker of a snapshot. The price is the last trade; plans without trades
 * (Starter) get the last minute bar's close, then the day's. `day` is all zeros between its
 * 03:30 reset and the first trade, so its fields are used only once it has an open, and its
 * close only after 16:00 New York.
 */
export function quoteOfSnapshot(ticker: SnapshotTicker, symbol: string, nowMs: number): Quote {
  const what = `snapshot of ${symbol}`;
  const { price, timestampMs } = lastPriceOf(ticker, what);
  const day = ticker.day ?? {};
  const started = toOptionalPrice(day.o, `${what} day.o`) !== null;
  const ended = nowMs >= toSessionCloseMs(toNewYorkDate(timestampMs), what);
  const fromDay = (value: PolygonNumber, field: string): number | null =>
    started ? toOptionalPrice(value, `${what} day.${field}`) : null;

  return buildQuote({
    symbol,
    provider: providerName,
    price,
    timestampMs,
    open: fromDay(day.o, 'o'),
    high: fromDay(day.h, 'h'),
    low: fromDay(day.l, 'l'),
    close: ended ? fromDay(day.c, 'c') : null,
    previousClose: toOptionalPrice(ticker.prevDay?.c, `${what} prevDay.c`),
    change: toNullableNumber(ticker.todaysChange, `${what} todaysChange`),
    changePercent: toPercent(ticker.todaysChangePerc, `${what} todaysChangePerc`),
    volume: started ? toOptionalVolume(day.v, `${what} day.v`) : null,
    currency,
    bid: toOptionalPrice(ticker.lastQuote?.p, `${what} lastQuote.p`),
    ask: toOptionalPrice(ticker.lastQuote?.P, `${what} lastQuote.P`),
    vwap: fromDay(day.vw, 'vw'),
  });
}

/** The latest price of a snapshot ticker and its instant (documented in ns, tolerated in ms). */
function lastPriceOf(ticker: SnapshotTicker, what: string): { price: number; timestampMs: number } {
  const updated = ticker.updated ?? null;
  const candidates = [
    { price: ticker.lastTrade?.p, time: ticker.lastTrade?.t ?? updated },
    { price: ticker.min?.c, time: ticker.min?.t ?? updated },
    { price: ticker.day?.c, time: updated },
  ];
  for (const candidate of candidates) {
    const price = toOptionalPrice(candidate.price, `${what} price`);
    if (price === null) continue;
    if (candidate.time === null) continue;
    return { price, timestampMs: fromUnixOfAnyUnit(candidate.time, `${what} time`) };
  }
  throw providerFailure('no_data', `${what}: no trade yet, so no price`, {
    hint: 'The snapshot is empty between its 03:30 New York reset and the first trade.',
  });
}

/**
 * A quote from the previous session's bar (`/prev`, the free plan's only quote): the price is
 * that session's close, stamped at its 16:00 New York close. The bar's own stamp is read for
 * its trading date only, since whether it marks the start or the end of the session is
 * unconfirmed. The bar says nothing of the session before it, so change stays null.
 */
export function quoteOfPreviousSession(bar: PolygonAggregate, symbol: string): Quote {
  const what = `previous close of ${symbol}`;
  const date = toDailyBarDate(fromUnix(bar.t, 'ms', `${what} t`));
  const close = toPrice(bar.c, `${what} c`);
  return buildQuote({
    symbol,
    provider: providerName,
    price: close,
    timestampMs: toSessionCloseMs(date, what),
    open: toPrice(bar.o, `${what} o`),
    high: toPrice(bar.h, `${what} h`),
    low: toPrice(bar.l, `${what} l`),
    close,
    previousClose: null,
    volume: toOptionalVolume(bar.v, `${what} v`),
    currency,
    vwap: toOptionalPrice(bar.vw, `${what} vw`),
  });
}
