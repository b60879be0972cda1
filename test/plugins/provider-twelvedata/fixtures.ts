/*
 * Market data the fake Twelve Data API serves, in the API's documented shapes: prices and
 * volumes as strings with five decimals, exchange-local times without an offset.
 */

/** The test clock: Tuesday 2026-03-10, 11:00 New York (after the 2026-03-08 DST switch). */
export const nowMs = Date.parse('2026-03-10T15:00:00.000Z');

/** Symbols the fake does not know: anything starting with NOPE. */
export function isUnknown(symbol: string): boolean {
  return symbol.startsWith('NOPE');
}

const holidays = new Set(['2025-12-25', '2026-01-01', '2026-01-19', '2026-02-16']);

/** Weekday trading dates from `from` to `to`, market holidays left out. */
export function tradingDates(from: string, to: string): string[] {
  const dates: string[] = [];
  for (let ms = Date.parse(`${from}T00:00:00Z`); ms <= Date.parse(`${to}T00:00:00Z`); ms += 864e5) {
    const date = new Date(ms);
    const day = date.getUTCDay();
    const text = date.toISOString().slice(0, 10);
    if (day !== 0 && day !== 6 && !holidays.has(text)) dates.push(text);
  }
  return dates;
}

/** A stable price level for a symbol, from 50 to 500. */
export function basePriceOf(symbol: string): number {
  let hash = 7;
  for (const char of symbol) hash = (hash * 31 + char.charCodeAt(0)) % 10_007;
  return 50 + (hash % 450);
}

function fixed(value: number): string {
  return value.toFixed(5);
}

/** One OHLCV row as Twelve Data writes it. */
export interface SeriesRow {
  readonly datetime: string;
  readonly open: string;
  readonly high: string;
  readonly low: string;
  readonly close: string;
  readonly volume: string;
}

function rowOf(symbol: string, datetime: string, step: number): SeriesRow {
  const base = basePriceOf(symbol) + (step % 17) * 0.25;
  return {
    datetime,
    open: fixed(base),
    high: fixed(base + 1.5),
    low: fixed(base - 1.25),
    close: fixed(base + 0.5),
    volume: String(100_000 + step * 10),
  };
}

/** Daily rows, oldest first, from 2025-12-01 to 2026-03-13. */
export function dailyRows(symbol: string): SeriesRow[] {
  return tradingDates('2025-12-01', '2026-03-13').map((date, i) => rowOf(symbol, date, i));
}

/** Sessions with intraday rows: 15 trading days, more than 5000 one-minute rows. */
export const intradaySessions = tradingDates('2026-02-20', '2026-03-12');

/** Intraday rows of `minutes`-minute bars, 09:30 to 16:00 New York, oldest first. */
export function intradayRows(symbol: string, minutes: number): SeriesRow[] {
  const rows: SeriesRow[] = [];
  let step = 0;
  for (const date of intradaySessions) {
    for (let minute = 0; minute < 390; minute += minutes) {
      const total = 9 * 60 + 30 + minute;
      const hh = String(Math.floor(total / 60)).padStart(2, '0');
      const mm = String(total % 60).padStart(2, '0');
      rows.push(rowOf(symbol, `${date} ${hh}:${mm}:00`, step++));
    }
  }
  return rows;
}

/** A `/quote` body for `symbol` at the test clock, during the session. */
export function quoteBody(symbol: string): Record<string, unknown> {
  const base = basePriceOf(symbol);
  const previousClose = base - 2;
  const close = base + 0.5;
  return {
    symbol,
    name: `${symbol} Inc`,
    exchange: 'NASDAQ',
    mic_code: 'XNGS',
    currency: 'USD',
    datetime: '2026-03-10',
    // The day candle opened 2026-03-10 09:30 New York; the last minute candle a minute ago.
    timestamp: Date.parse('2026-03-10T13:30:00Z') / 1000,
    last_quote_at: nowMs / 1000 - 60,
    open: fixed(base),
    high: fixed(base + 1.5),
    low: fixed(base - 1.25),
    close: fixed(close),
    volume: '1234567',
    previous_close: fixed(previousClose),
    change: fixed(close - previousClose),
    percent_change: fixed(((close - previousClose) / previousClose) * 100),
    average_volume: '2345678',
    is_market_open: true,
    fifty_two_week: { low: fixed(base - 40), high: fixed(base + 40), range: 'x - y' },
  };
}
