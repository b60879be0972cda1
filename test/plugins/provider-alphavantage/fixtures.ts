import { zonedMidnightUtc } from '../../../core/contract/time.js';

/** The fake's clock: Tuesday 2026-03-10 11:00 New York (EDT, two days after the DST change). */
export const fakeNowMs = Date.parse('2026-03-10T15:00:00.000Z');

/** Base prices of the symbols the fake knows; `T1` to `T999` are known too (for big batches). */
const basePrices: Readonly<Record<string, number>> = { AAPL: 260, MSFT: 400, IBM: 250 };

/** The base price of a symbol the fake knows, else undefined. */
export function basePriceOf(symbol: string): number | undefined {
  const numbered = /^T(\d{1,3})$/.exec(symbol);
  return numbered === null ? basePrices[symbol] : 10 + Number(numbered[1]);
}

/** A 4-decimal string, as Alpha Vantage sends every price. */
export function money(value: number): string {
  return value.toFixed(4);
}

/** Weekdays from `first` to `last`, inclusive (holidays are not modelled). */
export function weekdaysBetween(first: string, last: string): string[] {
  const dates: string[] = [];
  for (
    let day = Date.parse(`${first}T00:00:00Z`);
    day <= Date.parse(`${last}T00:00:00Z`);
    day += 86_400_000
  ) {
    const weekday = new Date(day).getUTCDay();
    if (weekday !== 0 && weekday !== 6) dates.push(new Date(day).toISOString().slice(0, 10));
  }
  return dates;
}

/** Trading dates of the daily series: more than the 100 rows of `compact`, up to today. */
export const dailyDates = weekdaysBetween('2025-09-01', '2026-03-10');

/** OHLCV of a bar, from its base price and a seed that varies between bars. */
export function barValues(
  base: number,
  seed: number,
): { open: number; high: number; low: number; close: number; volume: number } {
  const open = Math.round((base + Math.sin(seed / 7919) * 3) * 100) / 100;
  const close = Math.round((open + Math.cos(seed) * 0.5) * 100) / 100;
  return {
    open,
    high: Math.max(open, close) + 0.25,
    low: Math.min(open, close) - 0.25,
    close,
    volume: 1000 + (Math.floor(seed / 60) % 997),
  };
}

/** A daily row `{"1. open": ..., "5. volume": ...}` (or the adjusted function's row). */
export function dailyRow(base: number, date: string, adjusted: boolean): Record<string, string> {
  const bar = barValues(base, Date.parse(`${date}T00:00:00Z`) / 1000);
  const volume = String(bar.volume * 1000);
  const row = {
    '1. open': money(bar.open),
    '2. high': money(bar.high),
    '3. low': money(bar.low),
    '4. close': money(bar.close),
  };
  if (!adjusted) return { ...row, '5. volume': volume };
  // A dividend on 2026-01-15 makes earlier bars adjust by 0.98.
  const factor = date < '2026-01-15' ? 0.98 : 1;
  return {
    ...row,
    '5. adjusted close': money(bar.close * factor),
    '6. volume': volume,
    '7. dividend amount': date === '2026-01-15' ? '0.2600' : '0.0000',
    '8. split coefficient': '1.0',
  };
}

/** Local stamps `YYYY-MM-DD HH:MM:SS` of every intraday bar started by the clock, oldest first. */
export function intradayStamps(
  minutes: number,
  extendedHours: boolean,
  dates: readonly string[],
): string[] {
  const [open, close] = extendedHours ? [4 * 60, 20 * 60] : [9 * 60 + 30, 16 * 60];
  const stamps: string[] = [];
  for (const date of dates) {
    // New York changes clocks on Sundays at 02:00: on weekdays, midnight plus minutes is exact.
    const midnight = zonedMidnightUtc(date, 'America/New_York');
    for (let minute = open; minute < close; minute += minutes) {
      const hh = String(Math.floor(minute / 60)).padStart(2, '0');
      const mm = String(minute % 60).padStart(2, '0');
      const stamp = `${date} ${hh}:${mm}:00`;
      if (midnight + minute * 60_000 <= fakeNowMs) stamps.push(stamp);
    }
  }
  return stamps;
}

/** Trading dates of the intraday series. */
export const intradayDates = weekdaysBetween('2026-01-02', '2026-03-10');

/** An intraday row of a bar starting at `stamp`. */
export function intradayRow(base: number, stamp: string): Record<string, string> {
  const bar = barValues(base, Date.parse(`${stamp.replace(' ', 'T')}Z`) / 1000);
  return {
    '1. open': money(bar.open),
    '2. high': money(bar.high),
    '3. low': money(bar.low),
    '4. close': money(bar.close),
    '5. volume': String(bar.volume),
  };
}

/** A GLOBAL_QUOTE object of a known symbol, as of `day`. */
export function globalQuote(symbol: string, base: number, day: string): Record<string, string> {
  const price = base + 1.74;
  const previous = base - 0.55;
  return {
    '01. symbol': symbol,
    '02. open': money(base + 1.07),
    '03. high': money(base + 3.31),
    '04. low': money(base + 0.68),
    '05. price': money(price),
    '06. volume': '41234567',
    '07. latest trading day': day,
    '08. previous close': money(previous),
    '09. change': money(price - previous),
    '10. change percent': `${(((price - previous) / previous) * 100).toFixed(4)}%`,
  };
}
