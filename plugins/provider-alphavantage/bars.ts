import { toIsoUtc } from '../../core/contract/time.js';
import type { Bar } from '../../core/contract/types.js';
import {
  dailyBarTimestamp,
  describeBars,
  isBarComplete,
  isBarInWindow,
  newYorkDateOf,
  providerFailure,
  roundTo,
  sortBars,
  zonedToEpoch,
  type BarWindow,
} from '../../core/providers/index.js';
import type { AlphaVantageClient, CallParams } from './alphavantage-client.js';
import { alphaVantageIntervals, compactHistoryDays } from './capabilities.js';
import type { AlphaVantagePlan } from './options-schema.js';
import { seriesSchema, type SeriesBody } from './response-schemas.js';
import { readSeries, type Series, type SeriesRow } from './series.js';

/** What bars need besides the window. */
export interface BarSettings {
  readonly provider: string;
  readonly nowMs: number;
  readonly plan: AlphaVantagePlan;
  readonly adjusted: boolean;
  readonly extendedHours: boolean;
}

/** Rows in an `outputsize=compact` answer: the latest 100. */
const compactRows = 100;
/** Most months of intraday bars one request may fetch (one call each). */
export const maxIntradayMonths = 24;
const dayMs = 86_400_000;

/** Completed bars of the window, sorted; daily or intraday as the window asks. */
export function fetchAlphaVantageBars(
  client: AlphaVantageClient,
  window: BarWindow,
  settings: BarSettings,
  signal?: AbortSignal,
): Promise<Bar[]> {
  return window.daily
    ? fetchDaily(client, window, settings, signal)
    : fetchIntraday(client, window, settings, signal);
}

/**
 * Daily bars from TIME_SERIES_DAILY (or _ADJUSTED), keyed by date, newest first. The latest
 * 100 rows (`compact`) serve recent ranges; older ones need `full`, a premium feature: on the
 * free plan they fail as plan_required rather than coming back short.
 */
async function fetchDaily(
  client: AlphaVantageClient,
  window: BarWindow,
  settings: BarSettings,
  signal?: AbortSignal,
): Promise<Bar[]> {
  const fn = settings.adjusted ? 'TIME_SERIES_DAILY_ADJUSTED' : 'TIME_SERIES_DAILY';
  const what = `daily bars of ${window.symbol}`;
  const premium = settings.plan !== 'free';
  const compactStart = newYorkDateOf(settings.nowMs - compactHistoryDays * dayMs);
  const compact = !premium || window.fromDate >= compactStart;

  const call = (outputsize: string): Promise<Series> =>
    readSeriesOf(client, fn, { symbol: window.symbol, outputsize }, what, signal);
  let series = await call(compact ? 'compact' : 'full');
  if (compact && !reachesDate(series.rows, window.fromDate)) {
    if (!premium) {
      throw providerFailure(
        'plan_required',
        `${what}: the free plan serves the latest 100 days, from ${earliestStamp(series.rows)}, not ${window.fromDate}`,
        {
          hint: 'Ask for a later start, or use a premium plan (outputsize=full).',
        },
      );
    }
    series = await call('full');
  }

  // Filter on the date keys first: a full series has thousands of rows.
  const bars = series.rows
    .filter((row) => row.stamp >= window.fromDate && row.stamp <= window.toDate)
    .map((row) => dailyBar(row, window, settings.provider))
    .filter((bar) => isBarComplete(bar, window, settings.nowMs));
  return sortBars(bars);
}

/**
 * Intraday bars from TIME_SERIES_INTRADAY, keyed by US/Eastern local time without an offset
 * and labelled by their start. A recent range is served by the latest 100 bars (`compact`);
 * anything older is fetched month by month (`month=YYYY-MM&outputsize=full`).
 */
async function fetchIntraday(
  client: AlphaVantageClient,
  window: BarWindow,
  settings: BarSettings,
  signal?: AbortSignal,
): Promise<Bar[]> {
  const what = describeBars(window);
  const barMs = window.barMs ?? 60_000;
  const base = {
    symbol: window.symbol,
    interval: alphaVantageIntervals[window.interval],
    adjusted: String(settings.adjusted),
    extended_hours: String(settings.extendedHours),
  };
  const endMs = Math.min(window.toMs, settings.nowMs);
  const toBars = (series: Series): Bar[] =>
    series.rows.map((row) => intradayBar(row, series.timeZone, window, settings.provider));

  let bars: Bar[] | undefined;
  // The latest 100 bars reach back at least 99 bar lengths from now.
  if (window.fromMs >= settings.nowMs - (compactRows - 1) * barMs) {
    const series = await readSeriesOf(
      client,
      'TIME_SERIES_INTRADAY',
      { ...base, outputsize: 'compact' },
      what,
      signal,
    );
    const candidate = toBars(series);
    const earliest = candidate.reduce(
      (min, bar) => (bar.timestamp < min ? bar.timestamp : min),
      '~',
    );
    if (series.rows.length < compactRows || Date.parse(earliest) <= window.fromMs) bars = candidate;
  }
  if (bars === undefined) {
    bars = [];
    for (const month of monthsBetween(window.fromMs, Math.max(window.fromMs, endMs), what)) {
      const params = { ...base, month, outputsize: 'full' };
      const series = await readSeriesOf(
        client,
        'TIME_SERIES_INTRADAY',
        params,
        `${what} in ${month}`,
        signal,
      );
      bars.push(...toBars(series));
    }
  }

  const wanted = bars.filter(
    (bar) => isBarInWindow(bar, window) && isBarComplete(bar, window, settings.nowMs),
  );
  return sortBars(wanted);
}

async function readSeriesOf(
  client: AlphaVantageClient,
  fn: string,
  params: CallParams,
  what: string,
  signal?: AbortSignal,
): Promise<Series> {
  const body = await client.call<SeriesBody>(fn, params, what, seriesSchema, signal);
  return readSeries(body, what);
}

/**
 * A daily bar from a row. With adjusted data, open, high and low are scaled like the close
 * (adjusted close over close) so the bar stays consistent; volume is left as traded.
 */
function dailyBar(row: SeriesRow, window: BarWindow, provider: string): Bar {
  const factor = row.adjustedClose === null ? 1 : row.adjustedClose / row.close;
  const scale = (value: number): number => (factor === 1 ? value : roundTo(value * factor, 4));
  return {
    symbol: window.symbol,
    provider,
    interval: window.interval,
    date: row.stamp.slice(0, 10),
    timestamp: dailyBarTimestamp(row.stamp.slice(0, 10)),
    open: scale(row.open),
    high: scale(row.high),
    low: scale(row.low),
    close: row.adjustedClose ?? row.close,
    volume: row.volume,
  };
}

/** An intraday bar from a row keyed by local time in the series' zone, stamped at its start. */
function intradayBar(row: SeriesRow, timeZone: string, window: BarWindow, provider: string): Bar {
  const startMs = zonedToEpoch(row.stamp, timeZone, `${window.interval} bar at ${row.stamp}`);
  return {
    symbol: window.symbol,
    provider,
    interval: window.interval,
    date: null,
    timestamp: toIsoUtc(startMs),
    open: row.open,
    high: row.high,
    low: row.low,
    close: row.close,
    volume: row.volume,
  };
}

/**
 * True when the rows reach back to `fromDate`: fewer rows than `compact` holds (the whole
 * history), or an earliest row on or before it, weekends in between aside.
 */
function reachesDate(rows: readonly SeriesRow[], fromDate: string): boolean {
  if (rows.length < compactRows) return true;
  const earliest = earliestStamp(rows);
  let day = Date.parse(`${fromDate}T00:00:00Z`);
  // Skip the weekend days before the first weekday of the range.
  while ([0, 6].includes(new Date(day).getUTCDay())) day += dayMs;
  return earliest <= new Date(day).toISOString().slice(0, 10);
}

/** The earliest key of some rows (they arrive newest first, but that is not promised). */
function earliestStamp(rows: readonly SeriesRow[]): string {
  return rows.reduce((min, row) => (row.stamp < min ? row.stamp : min), '~');
}

/** `YYYY-MM` of every New York month from one instant to another. */
function monthsBetween(fromMs: number, toMs: number, what: string): string[] {
  const months: string[] = [];
  const last = newYorkDateOf(toMs).slice(0, 7);
  let [year, month] = newYorkDateOf(fromMs).split('-').map(Number) as [number, number];
  for (let current = ''; current !== last; month++) {
    if (month > 12) [year, month] = [year + 1, 1];
    current = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`;
    months.push(current);
    if (months.length > maxIntradayMonths) {
      throw providerFailure(
        'bad_request',
        `${what}: the range spans more than ${maxIntradayMonths} months, one call each`,
        {
          hint: 'Ask for a shorter range, or a larger interval.',
        },
      );
    }
  }
  return months;
}
