import { toIsoUtc } from '../../core/contract/time.js';
import type { Bar } from '../../core/contract/types.js';
import { isStockpollerError } from '../../core/errors/index.js';
import type { BarRequest } from '../../core/plugins/types.js';
import {
  addDays,
  dailyBarTimestamp,
  describeBars,
  formatNewYorkWallTime,
  isBarInWindow,
  newYork,
  parseBarWindow,
  parseInstant,
  providerFailure,
  sortBars,
  toNullableNumber,
  toNumber,
  zonedToEpoch,
  type BarWindow,
} from '../../core/providers/index.js';
import type { BarchartApi } from './barchart-api.js';
import { barchartIntervalMinutes, barchartIntervals, barchartMaxRecords } from './capabilities.js';
import {
  historyEnvelopeSchema,
  type BarchartEnvelope,
  type HistoryResult,
} from './response-schemas.js';

const provider = 'barchart';
// Each round asks for up to 1000 rows; 200 rounds cover any sensible range.
const maxRounds = 200;

/**
 * Historical bars of one symbol from `getHistory.json`, sorted by start. OnDemand has no
 * cursor: when an answer is full (`maxRecords` rows), the next call starts after its last
 * bar. Dates and times are sent as New York wall clock. Throws the classified error.
 */
export async function fetchBarchartBars(
  api: BarchartApi,
  adjusted: boolean,
  request: BarRequest,
  signal?: AbortSignal,
): Promise<Bar[]> {
  const window = parseBarWindow(request, { provider, intervals: barchartIntervals });
  const minutes = barchartIntervalMinutes[window.interval];
  const query = {
    symbol: window.symbol,
    type: minutes === undefined ? 'daily' : 'minutes',
    interval: minutes,
    order: 'asc',
    maxRecords: barchartMaxRecords,
    dividends: minutes === undefined ? adjusted : undefined,
  };
  const end = minutes === undefined ? compact(window.toDate) : wallClockOf(window.toMs);
  let start = minutes === undefined ? compact(window.fromDate) : wallClockOf(window.fromMs);
  const what = describeBars(window);

  const bars: Bar[] = [];
  for (let round = 0; round < maxRounds && start <= end; round++) {
    let results: readonly HistoryResult[];
    try {
      const body = await api.getJson<BarchartEnvelope<HistoryResult>>(
        '/getHistory.json',
        { ...query, startDate: start, endDate: end },
        what,
        historyEnvelopeSchema,
        signal,
      );
      results = body.results ?? [];
    } catch (error) {
      // "No content" after a full page only means the range ended exactly there.
      if (round > 0 && isStockpollerError(error) && error.failure?.kind === 'no_data') break;
      throw error;
    }
    const page = results.map((row) => barOf(window, row));
    bars.push(...page);
    const last = page.at(-1);
    if (results.length < barchartMaxRecords || last === undefined) break;
    start =
      minutes === undefined
        ? compact(addDays(last.date ?? window.toDate, 1))
        : wallClockOf(Date.parse(last.timestamp) + minutes * 60_000);
  }
  return sortBars(bars.filter((bar) => isBarInWindow(bar, window)));
}

/**
 * A history row. Daily rows are keyed by `tradingDay` (or the Eastern date of their
 * midnight-Eastern timestamp); minute rows are stamped at their start, with an offset.
 */
function barOf(window: BarWindow, row: HistoryResult): Bar {
  const name = (field: string): string => `${window.symbol} ${row.timestamp} ${field}`;
  const prices = {
    open: toNumber(row.open, name('open')),
    high: toNumber(row.high, name('high')),
    low: toNumber(row.low, name('low')),
    close: toNumber(row.close, name('close')),
    volume: toNullableNumber(row.volume, name('volume')),
  };
  if (window.daily) {
    const date = row.tradingDay ?? row.timestamp.slice(0, 10);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) {
      throw providerFailure('malformed', `${window.symbol} daily bar has no trading day: ${date}`);
    }
    const timestamp = dailyBarTimestamp(date);
    return { symbol: window.symbol, provider, interval: '1d', date, timestamp, ...prices };
  }
  // Times without an offset would be exchange-local (Eastern).
  const startMs = parseInstant(row.timestamp) ?? zonedToEpoch(row.timestamp, newYork, name('time'));
  return {
    symbol: window.symbol,
    provider,
    interval: window.interval,
    date: null,
    timestamp: toIsoUtc(startMs),
    ...prices,
  };
}

/** `YYYYMMDD` of a `YYYY-MM-DD` date. */
function compact(date: string): string {
  return date.replace(/-/g, '');
}

/** `YYYYMMDDhhmm` of an instant on the New York wall clock, as OnDemand takes times. */
function wallClockOf(epochMs: number): string {
  return formatNewYorkWallTime(epochMs).replace(/\D/g, '').slice(0, 12);
}
