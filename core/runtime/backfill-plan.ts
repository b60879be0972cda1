import { parseInterval } from '../contract/time.js';
import { addDays, parseBarWindow } from '../providers/index.js';

/** Bars per request assumed for a provider that declares no `maxBarsPerCall`. */
export const defaultBarsPerCall = 5000;

/**
 * Minutes of the longest US trading day (pre-market 04:00 to after-hours 20:00 New York): the
 * most intraday bars a calendar day can hold, whichever sessions the provider serves.
 */
const longestTradingDayMinutes = 16 * 60;
const daysInLongestMonth = 31;
/** Month counts that divide a year, so that month chunks line up with quarters and halves. */
const monthSpans = [6, 4, 3, 2, 1] as const;

/**
 * How long one chunk of a backfill is, in New York calendar terms: a year, `count` months, or
 * one of `perMonth` nearly equal runs of whole days that each month is cut into.
 */
export type ChunkSpan =
  | { readonly unit: 'year' }
  | { readonly unit: 'month'; readonly count: (typeof monthSpans)[number] }
  | { readonly unit: 'days'; readonly perMonth: number };

/** One piece of a backfill's range: one `fetchBars` call per symbol. */
export interface BackfillChunk {
  /** Stable name, `<from>..<to>`: the same range and span always give the same ids. */
  readonly id: string;
  /** Bounds as a `BarRequest` takes them: New York dates, or the range's own instants. */
  readonly from: string;
  readonly to: string;
  /** First and last millisecond the chunk covers. */
  readonly fromMs: number;
  readonly toMs: number;
}

/** What a backfill covers: an interval and inclusive bounds (dates or instants). */
export interface BackfillRange {
  readonly interval: string;
  readonly from: string;
  readonly to: string;
}

/**
 * The chunk span for `interval` when one request returns at most `maxBarsPerCall` bars: as many
 * whole days as fit (counting every calendar day as a 16-hour trading day, so a chunk never
 * holds more), rounded down to whole months once a month fits, and never more than a year, so
 * that a resumed backfill loses little and progress moves.
 */
export function chunkSpanOf(interval: string, maxBarsPerCall = defaultBarsPerCall): ChunkSpan {
  const parsed = parseInterval(interval);
  const barsPerDay =
    parsed.ms === undefined ? 1 : Math.ceil((longestTradingDayMinutes * 60_000) / parsed.ms);
  const days = Math.floor(maxBarsPerCall / barsPerDay);
  if (days >= 366) return { unit: 'year' };

  const months = Math.floor(days / daysInLongestMonth);
  const count = monthSpans.find((span) => span <= months);
  if (count !== undefined) return { unit: 'month', count };
  return { unit: 'days', perMonth: Math.ceil(daysInLongestMonth / Math.max(1, days)) };
}

/**
 * Cuts a range into chunks of `span`, aligned on the calendar rather than on the range's start
 * (years on 1 January, months on a multiple of `count` from January, runs of days on the same
 * days of each month), all in New York dates, as providers read a `BarRequest`.
 * The first and last chunk are clipped to the range. Throws the `bad_request` failure of
 * `parseBarWindow` for bounds that are not dates or instants, or that are out of order.
 */
export function planChunks(range: BackfillRange, span: ChunkSpan): BackfillChunk[] {
  const whole = windowOf(range.interval, range.from, range.to);
  const chunks: BackfillChunk[] = [];
  for (let start = cellStartOf(whole.fromDate, span); start <= whole.toDate;) {
    const end = cellEndOf(start, span);
    const from = start <= whole.fromDate ? range.from : start;
    const to = end >= whole.toDate ? range.to : end;
    const { fromMs, toMs } = windowOf(range.interval, from, to);
    chunks.push({ id: `${from}..${to}`, from, to, fromMs, toMs });
    start = addDays(end, 1);
  }
  return chunks;
}

function windowOf(interval: string, from: string, to: string) {
  return parseBarWindow(
    { symbol: 'backfill', interval, from, to },
    { provider: 'backfill', intervals: [interval] },
  );
}

/** The first date of the calendar cell holding `date`. */
function cellStartOf(date: string, span: ChunkSpan): string {
  const [year, month, day] = partsOf(date);
  switch (span.unit) {
    case 'year':
      return `${pad(year, 4)}-01-01`;
    case 'month':
      return `${pad(year, 4)}-${pad(month - ((month - 1) % span.count), 2)}-01`;
    case 'days': {
      const firstDays = firstDaysOfRuns(year, month, span.perMonth);
      const first = firstDays.findLast((firstDay) => firstDay <= day) ?? 1;
      return `${date.slice(0, 8)}${pad(first, 2)}`;
    }
  }
}

/** The last date of the calendar cell that starts on `start`. */
function cellEndOf(start: string, span: ChunkSpan): string {
  const [year, month, day] = partsOf(start);
  switch (span.unit) {
    case 'year':
      return `${pad(year, 4)}-12-31`;
    case 'month':
      return lastDayOfMonth(year, month + span.count - 1);
    case 'days': {
      const next = firstDaysOfRuns(year, month, span.perMonth).find((first) => first > day);
      return next === undefined
        ? lastDayOfMonth(year, month)
        : `${start.slice(0, 8)}${pad(next - 1, 2)}`;
    }
  }
}

/**
 * The first day of each run when a month is cut into `runs` runs of whole days: run k starts
 * after floor(k * days / runs) days, so no run is longer than ceil(31 / runs) days.
 */
function firstDaysOfRuns(year: number, month: number, runs: number): number[] {
  const days = Number(lastDayOfMonth(year, month).slice(8, 10));
  const count = Math.min(runs, days);
  return Array.from({ length: count }, (_, k) => Math.floor((k * days) / count) + 1);
}

function lastDayOfMonth(year: number, month: number): string {
  const nextMonthStart =
    month === 12 ? `${pad(year + 1, 4)}-01-01` : `${pad(year, 4)}-${pad(month + 1, 2)}-01`;
  return addDays(nextMonthStart, -1);
}

function partsOf(date: string): [number, number, number] {
  return [Number(date.slice(0, 4)), Number(date.slice(5, 7)), Number(date.slice(8, 10))];
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}
