/*
 * Market data the fake FMP API serves, in the `/stable` shapes: JSON numbers, newest first,
 * daily rows keyed by a plain date, intraday times local to New York without an offset.
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
    const text = date.toISOString().slice(0, 10);
    if (date.getUTCDay() % 6 !== 0 && !holidays.has(text)) dates.push(text);
  }
  return dates;
}

/** A stable price level for a symbol, from 50 to 500. */
export function basePriceOf(symbol: string): number {
  let hash = 11;
  for (const char of symbol) hash = (hash * 37 + char.charCodeAt(0)) % 10_007;
  return 50 + (hash % 450);
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

/** A `/quote` item for `symbol`, a minute before the test clock. */
export function quoteItem(symbol: string): Record<string, unknown> {
  const base = basePriceOf(symbol);
  const previousClose = base - 2;
  const price = base + 0.5;
  return {
    symbol,
    name: `${symbol} Inc.`,
    price,
    changePercentage: round(((price - previousClose) / previousClose) * 100 * 1000) / 1000,
    change: round(price - previousClose),
    volume: 45_140_079,
    dayLow: round(base - 1.25),
    dayHigh: round(base + 1.5),
    yearHigh: round(base + 40),
    yearLow: round(base - 40),
    marketCap: 3_967_020_108_000,
    priceAvg50: round(base - 3),
    priceAvg200: round(base - 10),
    exchange: 'NASDAQ',
    open: base,
    previousClose,
    timestamp: nowMs / 1000 - 60,
  };
}

/** Daily rows of `/historical-price-eod/full`, oldest first, 2025-12-01 to 2026-03-13. */
export function eodRows(symbol: string): Record<string, unknown>[] {
  return tradingDates('2025-12-01', '2026-03-13').map((date, i) => {
    const open = basePriceOf(symbol) + (i % 13) * 0.5;
    const close = open + 0.75;
    return {
      symbol,
      date,
      open,
      high: open + 2,
      low: open - 1,
      close,
      volume: 50_000_000 + i,
      change: 0.75,
      changePercent: round((0.75 / open) * 100),
      vwap: round(open + 0.4),
    };
  });
}

/** Rows of the adjusted daily endpoints: prices spelled adjOpen..adjClose. */
export function adjustedRows(symbol: string, factor: number): Record<string, unknown>[] {
  return eodRows(symbol).map((row) => ({
    symbol,
    date: row.date,
    adjOpen: round(Number(row.open) * factor),
    adjHigh: round(Number(row.high) * factor),
    adjLow: round(Number(row.low) * factor),
    adjClose: round(Number(row.close) * factor),
    volume: row.volume,
  }));
}

/** Sessions with intraday rows. */
export const intradaySessions = tradingDates('2026-03-02', '2026-03-10');

/** Intraday rows of `minutes`-minute bars, 09:30 to 16:00 New York, oldest first. */
export function intradayRows(symbol: string, minutes: number): Record<string, unknown>[] {
  const rows: Record<string, unknown>[] = [];
  for (const date of intradaySessions) {
    for (let minute = 0; minute < 390; minute += minutes) {
      const total = 9 * 60 + 30 + minute;
      const time = `${String(Math.floor(total / 60)).padStart(2, '0')}:${String(total % 60).padStart(2, '0')}:00`;
      const open = basePriceOf(symbol) + (minute % 7) * 0.1;
      rows.push({
        date: `${date} ${time}`,
        open,
        low: open - 0.2,
        high: open + 0.3,
        close: open + 0.1,
        volume: 1000 + minute,
      });
    }
  }
  return rows;
}
