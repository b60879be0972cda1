import { toIsoUtc } from '../../core/contract/time.js';
import type { Bar } from '../../core/contract/types.js';
import type { BarRequest } from '../../core/plugins/types.js';
import {
  dailyBarTimestamp,
  describeBars,
  isBarInWindow,
  parseBarWindow,
  parseInstant,
  providerFailure,
  sortBars,
  toNullableNumber,
  toNumber,
  type BarWindow,
} from '../../core/providers/index.js';
import { intrinioIntervals, intrinioIntervalSizes, intrinioPageSize } from './capabilities.js';
import type { IntrinioApi } from './intrinio-api.js';
import {
  dailyPageSchema,
  intervalPageSchema,
  type DailyPage,
  type IntervalPage,
  type PriceInterval,
  type PriceSummary,
} from './response-schemas.js';

const provider = 'intrinio';

/**
 * Historical bars of one symbol, sorted by start, every `next_page` followed (Intrinio
 * lists newest first). Throws the classified error on failure.
 */
export async function fetchIntrinioBars(
  api: IntrinioApi,
  adjusted: boolean,
  request: BarRequest,
  signal?: AbortSignal,
): Promise<Bar[]> {
  const window = parseBarWindow(request, { provider, intervals: intrinioIntervals });
  const security = encodeURIComponent(window.symbol);
  if (window.daily) {
    const pages = await api.getAllPages<DailyPage>(
      `/securities/${security}/prices`,
      {
        start_date: window.fromDate,
        end_date: window.toDate,
        frequency: 'daily',
        page_size: intrinioPageSize,
      },
      `daily bars of ${window.symbol}`,
      dailyPageSchema,
      signal,
    );
    // Filtered on the date before mapping: rows outside the range are not read at all.
    const rows = pages.flatMap((page) => page.stock_prices);
    return sortBars(
      rows
        .filter((row) => row.date >= window.fromDate && row.date <= window.toDate)
        .map((row) => dailyBarOf(window, row, adjusted)),
    );
  }

  const [startDate, startTime] = utcParts(window.fromMs);
  const [endDate, endTime] = utcParts(window.toMs);
  const pages = await api.getAllPages<IntervalPage>(
    `/securities/${security}/prices/intervals`,
    {
      interval_size: intrinioIntervalSizes[window.interval],
      start_date: startDate,
      start_time: startTime,
      end_date: endDate,
      end_time: endTime,
      timezone: 'UTC',
      page_size: intrinioPageSize,
    },
    describeBars(window),
    intervalPageSchema,
    signal,
  );
  const bars = pages.flatMap((page) => page.intervals).map((row) => intervalBarOf(window, row));
  return sortBars(bars.filter((bar) => isBarInWindow(bar, window)));
}

/** A daily summary: `date` is already the trading date. */
function dailyBarOf(window: BarWindow, row: PriceSummary, adjusted: boolean): Bar {
  const name = (field: string): string => `${window.symbol} ${row.date} ${field}`;
  const pick = (raw: unknown, adjustedRaw: unknown): unknown =>
    adjusted && adjustedRaw !== undefined && adjustedRaw !== null ? adjustedRaw : raw;
  return {
    symbol: window.symbol,
    provider,
    interval: '1d',
    date: row.date,
    timestamp: dailyBarTimestamp(row.date),
    open: toNumber(pick(row.open, row.adj_open), name('open')),
    high: toNumber(pick(row.high, row.adj_high), name('high')),
    low: toNumber(pick(row.low, row.adj_low), name('low')),
    close: toNumber(pick(row.close, row.adj_close), name('close')),
    volume: toNullableNumber(pick(row.volume, row.adj_volume), name('volume')),
  };
}

/** An interval: `time` is its start (`close_time` its end). */
function intervalBarOf(window: BarWindow, row: PriceInterval): Bar {
  const startMs = parseInstant(row.time);
  if (startMs === undefined) {
    throw providerFailure(
      'malformed',
      `${window.symbol} interval time is not an instant: ${row.time}`,
    );
  }
  const name = (field: string): string => `${window.symbol} ${row.time} ${field}`;
  const average = toNullableNumber(row.average, name('average'));
  return {
    symbol: window.symbol,
    provider,
    interval: window.interval,
    date: null,
    timestamp: toIsoUtc(startMs),
    open: toNumber(row.open, name('open')),
    high: toNumber(row.high, name('high')),
    low: toNumber(row.low, name('low')),
    close: toNumber(row.close, name('close')),
    volume: toNullableNumber(row.volume, name('volume')),
    vwap: average !== null && average > 0 ? average : null,
  };
}

/** `YYYY-MM-DD` and `HH:MM:SS` of an instant in UTC (the `timezone` the request names). */
function utcParts(epochMs: number): [string, string] {
  const iso = new Date(epochMs).toISOString();
  return [iso.slice(0, 10), iso.slice(11, 19)];
}
