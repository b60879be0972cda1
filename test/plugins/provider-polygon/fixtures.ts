/**
 * Polygon (Massive) response bodies in the documented shapes, for the fake API. Times are the
 * API's: snapshot trade/quote times and `updated` in Unix ns, aggregate `t` in Unix ms.
 */

/** The test clock: Wednesday 2025-03-12, 11:00 New York (EDT, three days after the switch). */
export const polygonNowMs = Date.parse('2025-03-12T15:00:00.000Z');

/** A price rounded to cents, as the API sends them. */
function cents(value: number): number {
  return Math.round(value * 100) / 100;
}

/** The `request_id` every fake answer carries. */
export const requestId = '6a7e466379af0a71039d60cc78e72282';

/** One ticker of a snapshot, as `/v2/snapshot/.../tickers` lists it. */
export function snapshotOf(ticker: string, last: number, previousClose: number): object {
  return {
    ticker,
    todaysChange: Math.round((last - previousClose) * 100) / 100,
    todaysChangePerc: Math.round(((last - previousClose) / previousClose) * 1e6) / 1e4,
    // 2025-03-12T14:59:59.123Z in ns, a value a double holds exactly (real ones arrive rounded).
    updated: 1741791599123456768,
    day: {
      o: cents(last - 1.5),
      h: cents(last + 0.75),
      l: cents(last - 2.25),
      c: last,
      v: 18_734_112,
      vw: cents(last - 0.4),
      dv: '4139024883.12',
    },
    min: {
      av: 18_734_112,
      t: 1741791540000,
      n: 412,
      o: cents(last - 0.05),
      h: cents(last + 0.02),
      l: cents(last - 0.08),
      c: last,
      v: 40_312,
      vw: cents(last - 0.03),
    },
    prevDay: {
      o: cents(previousClose - 1),
      h: cents(previousClose + 2),
      l: cents(previousClose - 3),
      c: previousClose,
      v: 51_220_981,
      vw: cents(previousClose - 0.2),
    },
    lastTrade: { c: [14, 41], i: '71675577320245', p: last, s: 100, t: 1741791599123456768, x: 4 },
    lastQuote: { P: cents(last + 0.02), S: 3, p: cents(last - 0.01), s: 2, t: 1741791599456788992 },
  };
}

/** Snapshots of the tickers the fake knows. */
export function defaultSnapshots(): Map<string, object> {
  return new Map([
    ['AAPL', snapshotOf('AAPL', 221.34, 222.5)],
    ['MSFT', snapshotOf('MSFT', 383.27, 380.1)],
    ['GOOG', snapshotOf('GOOG', 167.02, 165.8)],
  ]);
}

/**
 * Daily aggregates, stamped 00:00 New York (05:00Z before the 2025-03-09 switch, 04:00Z
 * after), the way range queries stamp them.
 */
export const dailyAggregates: readonly Record<string, number>[] = [
  {
    v: 48_310_000,
    vw: 234.1,
    o: 237.7,
    c: 235.74,
    h: 240.07,
    l: 234.68,
    t: 1741064400000,
    n: 610_000,
  },
  {
    v: 53_220_000,
    vw: 233.9,
    o: 235.42,
    c: 235.74,
    h: 236.55,
    l: 229.23,
    t: 1741150800000,
    n: 700_000,
  },
  {
    v: 45_100_000,
    vw: 234.5,
    o: 234.44,
    c: 235.33,
    h: 237.06,
    l: 233.2,
    t: 1741237200000,
    n: 620_000,
  },
  {
    v: 46_200_000,
    vw: 238.1,
    o: 235.11,
    c: 239.07,
    h: 241.37,
    l: 234.76,
    t: 1741323600000,
    n: 640_000,
  },
  {
    v: 72_000_000,
    vw: 228.7,
    o: 235.54,
    c: 227.48,
    h: 236.16,
    l: 224.22,
    t: 1741579200000,
    n: 990_000,
  },
  {
    v: 76_000_000,
    vw: 218.6,
    o: 223.81,
    c: 220.84,
    h: 225.84,
    l: 217.45,
    t: 1741665600000,
    n: 1_050_000,
  },
];

/** New York trading dates of {@link dailyAggregates}. */
export const dailyDates = [
  '2025-03-04',
  '2025-03-05',
  '2025-03-06',
  '2025-03-07',
  '2025-03-10',
  '2025-03-11',
];

/** Five-minute aggregates of 2025-03-11 from 13:25Z (pre-market) to 14:30Z. */
export function fiveMinuteAggregates(): Record<string, number>[] {
  const first = Date.parse('2025-03-11T13:25:00.000Z');
  return Array.from({ length: 14 }, (_, i) => ({
    v: 150_000 + i * 1000,
    vw: 223 + i / 10,
    o: 223 + i / 10,
    c: 223.05 + i / 10,
    h: 223.2 + i / 10,
    l: 222.9 + i / 10,
    t: first + i * 300_000,
    n: 1200 + i,
  }));
}

/** The previous session's bar of `/prev`: 2025-03-11, stamped at its 16:00 New York close. */
export function previousSessionOf(ticker: string, close: number): Record<string, unknown> {
  return {
    T: ticker,
    v: 76_137_410,
    vw: cents(close - 0.5),
    o: cents(close + 2.1),
    c: close,
    h: cents(close + 3.4),
    l: cents(close - 1.2),
    t: 1741723200000,
    n: 1_043_219,
  };
}

/** `/prev` bars of the tickers the fake knows. */
export function defaultPreviousSessions(): Map<string, Record<string, unknown>> {
  return new Map([
    ['AAPL', previousSessionOf('AAPL', 220.84)],
    ['MSFT', previousSessionOf('MSFT', 380.45)],
    ['GOOG', previousSessionOf('GOOG', 165.98)],
  ]);
}
