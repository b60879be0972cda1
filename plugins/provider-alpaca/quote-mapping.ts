import type { Quote } from '../../core/contract/types.js';
import {
  buildQuote,
  providerFailure,
  readInstant,
  toDailyBarDate,
  toNewYorkDate,
  toOptionalPrice,
  toOptionalVolume,
  toPrice,
  toSessionCloseMs,
} from '../../core/providers/index.js';
import { providerName } from './api.js';
import type { AlpacaBar, AlpacaSnapshot } from './response-schemas.js';

// US equities are priced in dollars; snapshots carry no currency.
const currency = 'USD';

interface DatedBar {
  readonly date: string;
  readonly bar: AlpacaBar;
}

/**
 * A quote from one symbol's snapshot: the price and instant of the latest trade, the day's
 * open, high, low, volume and VWAP from the daily bar of that trade's New York date, and the
 * previous close from the latest daily bar before it. Before a session's first bar exists
 * (pre-market, weekends), `dailyBar` is the last session's, so it is the previous close and
 * the day fields stay null rather than show another day's values.
 */
export function quoteOfSnapshot(snapshot: AlpacaSnapshot, symbol: string, nowMs: number): Quote {
  const what = `snapshot of ${symbol}`;
  const trade = snapshot.latestTrade ?? undefined;
  const price = toOptionalPrice(trade?.p, `${what} latestTrade.p`);
  if (trade === undefined || price === null) {
    throw providerFailure('no_data', `${what}: no trade on this feed yet`, {
      hint: 'A thin feed (iex) may have no trade for a quiet symbol; try the sip feed.',
    });
  }
  const timestampMs = readInstant(trade.t, `${what} latestTrade.t`);
  const tradeDate = toNewYorkDate(timestampMs);

  const bars = [snapshot.dailyBar, snapshot.prevDailyBar]
    .filter((bar): bar is AlpacaBar => bar !== undefined && bar !== null)
    .map((bar): DatedBar => ({ bar, date: dailyDateOf(bar, what) }));
  const today = bars.find((b) => b.date === tradeDate)?.bar;
  const before = bars
    .filter((b) => b.date < tradeDate)
    .sort((a, b) => b.date.localeCompare(a.date));
  const ended = nowMs >= toSessionCloseMs(tradeDate, what);

  return buildQuote({
    symbol,
    provider: providerName,
    price,
    timestampMs,
    open: today === undefined ? null : toPrice(today.o, `${what} dailyBar.o`),
    high: today === undefined ? null : toPrice(today.h, `${what} dailyBar.h`),
    low: today === undefined ? null : toPrice(today.l, `${what} dailyBar.l`),
    close: today === undefined || !ended ? null : toPrice(today.c, `${what} dailyBar.c`),
    previousClose: toOptionalPrice(before[0]?.bar.c, `${what} previous close`),
    volume: today === undefined ? null : toOptionalVolume(today.v, `${what} dailyBar.v`),
    currency,
    bid: toOptionalPrice(snapshot.latestQuote?.bp, `${what} latestQuote.bp`),
    ask: toOptionalPrice(snapshot.latestQuote?.ap, `${what} latestQuote.ap`),
    vwap: today === undefined ? null : toOptionalPrice(today.vw, `${what} dailyBar.vw`),
  });
}

function dailyDateOf(bar: AlpacaBar, what: string): string {
  return toDailyBarDate(readInstant(bar.t, `${what} daily bar t`));
}
