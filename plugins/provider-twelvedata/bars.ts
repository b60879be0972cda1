import { toIsoUtc } from '../../core/contract/time.js';
import type { Bar } from '../../core/contract/types.js';
import { isStockpollerError } from '../../core/errors/index.js';
import type { BarRequest } from '../../core/plugins/types.js';
import {
  addDays,
  createLocalTimeReader,
  dailyBarTimestamp,
  describeBars,
  formatNewYorkWallTime,
  isBarInWindow,
  newYork,
  parseBarWindow,
  providerFailure,
  sortBars,
  toNullableNumber,
  toNumber,
  type BarWindow,
  type LocalTimeReader,
  type ProviderResponse,
} from '../../core/providers/index.js';
import { intervalNames, maxOutputSize } from './capabilities.js';
import { providerName, readBody, type TwelveDataClient } from './client.js';
import { timeSeriesSchema, type SeriesValue, type TimeSeriesBody } from './response-schemas.js';

/** The most rows `/time_series` returns per call (support article 5214728). */
export { maxOutputSize };

/** Pages one request may take (100,000 rows); a longer range is refused. */
export const maxPages = 20;

const dayMs = 86_400_000;

/**
 * Bars of one symbol, sorted. `/time_series` answers at most 5000 rows, newest first, so a
 * longer range is walked backwards: each next call ends where the previous page's oldest row
 * is. Times are exchange-local (`meta.exchange_timezone`); the request asks for a day more on
 * each side, since its bounds are New York times, and the rows are filtered afterwards.
 */
export async function fetchBars(
  client: TwelveDataClient,
  request: BarRequest,
  adjust: string,
  signal?: AbortSignal,
): Promise<Bar[]> {
  const window = parseBarWindow(request, { provider: providerName, intervals: intervalNames });
  const query = {
    symbol: window.symbol,
    interval: window.spec,
    outputsize: maxOutputSize,
    adjust,
    start_date: window.daily ? window.fromDate : formatNewYorkWallTime(window.fromMs - dayMs),
  };
  let endDate = window.daily
    ? addDays(window.toDate, 1)
    : formatNewYorkWallTime(window.toMs + dayMs);
  const what = describeBars(window);
  const bars: Bar[] = [];
  let oldestMs = Number.POSITIVE_INFINITY;

  for (let page = 1; page <= maxPages; page++) {
    const response = await client.http.get('/time_series', { ...query, end_date: endDate }, signal);
    client.log.debug({ symbol: window.symbol, page, status: response.status }, 'bars answered');
    const body = readPage(client, response, what);
    if (body === undefined) break;

    const toEpoch = createLocalTimeReader(body.meta.exchange_timezone ?? newYork);
    const pageBars = body.values.map((value) => mapBar(value, window, toEpoch, what));
    bars.push(...pageBars);
    const oldest = oldestOf(body.values, pageBars);
    if (body.values.length < maxOutputSize || oldest === undefined) break;
    // Stop once the range is covered, or when a page brings nothing older (no progress).
    if (oldest.startMs <= window.fromMs || oldest.startMs >= oldestMs) break;
    oldestMs = oldest.startMs;
    endDate = oldest.datetime.replace(' ', 'T');
    if (page === maxPages) {
      throw providerFailure('bad_request', `${what}: more than ${maxPages * maxOutputSize} rows`, {
        hint: 'Ask for a shorter range or a larger interval.',
      });
    }
  }
  return sortBars(bars.filter((bar) => isBarInWindow(bar, window)));
}

function readPage(
  client: TwelveDataClient,
  response: ProviderResponse,
  what: string,
): TimeSeriesBody | undefined {
  try {
    return readBody<TimeSeriesBody>(client, response, what, timeSeriesSchema);
  } catch (error) {
    // "No data is available on the specified dates": an empty range (a weekend), not a fault.
    if (isStockpollerError(error) && error.failure?.kind === 'no_data') return undefined;
    throw error;
  }
}

function mapBar(
  value: SeriesValue,
  window: BarWindow,
  toEpoch: LocalTimeReader,
  what: string,
): Bar {
  const date = window.daily ? value.datetime.slice(0, 10) : null;
  const where = `${what} at ${value.datetime}`;
  return {
    symbol: window.symbol,
    provider: providerName,
    interval: window.interval,
    date,
    timestamp: date === null ? toIsoUtc(toEpoch(value.datetime, where)) : dailyBarTimestamp(date),
    open: toNumber(value.open, `${where}: open`),
    high: toNumber(value.high, `${where}: high`),
    low: toNumber(value.low, `${where}: low`),
    close: toNumber(value.close, `${where}: close`),
    volume: toNullableNumber(value.volume, `${where}: volume`),
  };
}

function oldestOf(
  values: readonly SeriesValue[],
  bars: readonly Bar[],
): { datetime: string; startMs: number } | undefined {
  let oldest: { datetime: string; startMs: number } | undefined;
  bars.forEach((bar, index) => {
    const startMs = Date.parse(bar.timestamp);
    const datetime = values[index]?.datetime;
    if (datetime !== undefined && (oldest === undefined || startMs < oldest.startMs))
      oldest = { datetime, startMs };
  });
  return oldest;
}
