/**
 * Alpaca Market Data v2 bodies in the documented shapes, for the fake API: times are RFC-3339
 * UTC strings with up to nanosecond fractions, prices and sizes JSON numbers.
 */

/** The test clock: Wednesday 2025-03-12, 11:00 New York (EDT, three days after the switch). */
export const alpacaNowMs = Date.parse('2025-03-12T15:00:00.000Z');

function cents(value: number): number {
  return Math.round(value * 100) / 100;
}

function barAt(t: string, close: number, volume: number): Record<string, unknown> {
  return {
    t,
    o: cents(close - 1.5),
    h: cents(close + 0.75),
    l: cents(close - 2.25),
    c: close,
    v: volume,
    n: Math.round(volume / 80),
    vw: cents(close - 0.4),
  };
}

/** One symbol's snapshot during the 2025-03-12 session (IEX-sized volumes). */
export function snapshotOf(last: number, previousClose: number): Record<string, unknown> {
  return {
    latestTrade: {
      t: '2025-03-12T14:59:59.123456789Z',
      x: 'V',
      p: last,
      s: 100,
      c: ['@'],
      i: 52983525029461,
      z: 'C',
    },
    latestQuote: {
      t: '2025-03-12T14:59:59.456789012Z',
      ax: 'V',
      ap: cents(last + 0.02),
      as: 3,
      bx: 'V',
      bp: cents(last - 0.01),
      bs: 2,
      c: ['R'],
      z: 'C',
    },
    minuteBar: barAt('2025-03-12T14:58:00Z', last, 2_140),
    dailyBar: barAt('2025-03-12T04:00:00Z', last, 412_345),
    prevDailyBar: barAt('2025-03-11T04:00:00Z', previousClose, 1_503_211),
  };
}

/** Snapshots of the symbols the fake knows. */
export function defaultSnapshots(): Map<string, Record<string, unknown>> {
  return new Map([
    ['AAPL', snapshotOf(221.34, 222.5)],
    ['MSFT', snapshotOf(383.27, 380.1)],
    ['GOOG', snapshotOf(167.02, 165.8)],
  ]);
}

/** Daily bars stamped 00:00 New York (05:00Z before the 2025-03-09 switch, 04:00Z after). */
export const dailyBars: readonly Record<string, unknown>[] = [
  barAt('2025-03-04T05:00:00Z', 235.74, 1_210_000),
  barAt('2025-03-05T05:00:00Z', 235.74, 1_330_000),
  barAt('2025-03-06T05:00:00Z', 235.33, 1_127_000),
  barAt('2025-03-07T05:00:00Z', 239.07, 1_155_000),
  barAt('2025-03-10T04:00:00Z', 227.48, 1_800_000),
  barAt('2025-03-11T04:00:00Z', 220.84, 1_900_000),
];

/** New York trading dates of {@link dailyBars}. */
export const dailyDates = [
  '2025-03-04',
  '2025-03-05',
  '2025-03-06',
  '2025-03-07',
  '2025-03-10',
  '2025-03-11',
];

/** Five-minute bars of 2025-03-11 from 13:25Z (pre-market) to 14:30Z. */
export function fiveMinuteBars(): Record<string, unknown>[] {
  const first = Date.parse('2025-03-11T13:25:00.000Z');
  return Array.from({ length: 14 }, (_, i) =>
    barAt(
      new Date(first + i * 300_000).toISOString().replace('.000Z', 'Z'),
      223 + i / 10,
      3_000 + i,
    ),
  );
}
