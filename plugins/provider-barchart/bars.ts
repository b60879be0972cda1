import { toIsoUtc } from '../../core/contract/time.js';
import type { Bar } from '../../core/contract/types.js';
import { isStockpollerError } from '../../core/errors/index.js';
import type { BarRequest } from '../../core/plugins/types.js';
import {
  dailyBarTimestamp,
  newYork,
  providerFailure,
  sortBars,
  toNullableNumber,
  toNumber,
  zonedToEpoch,
} from '../../core/providers/index.js';
import type { BarchartApi } from './barchart-api.js';
import { nextDate, parseBarWindow, parseInstant, type BarWindow } from './bar-window.js';
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
  const window = parseBarWindow(request, barchartIntervals, provider);
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
  const what = `${window.interval} bars of ${window.symbol}`;

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
        ? compact(nextDate(last.date ?? window.toDate))
        : wallClockOf(Date.parse(last.timestamp) + minutes * 60_000);
  }
  return sortBars(bars.filter((bar) => inWindow(window, bar)));
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

function inWindow(window: BarWindow, bar: Bar): boolean {
  if (window.daily)
    return bar.date !== null && bar.date >= window.fromDate && bar.date <= window.toDate;
  const startMs = Date.parse(bar.timestamp);
  return startMs >= window.fromMs && startMs <= window.toMs;
}

/** `YYYYMMDD` of a `YYYY-MM-DD` date. */
function compact(date: string): string {
  return date.replace(/-/g, '');
}

const wallClock = new Intl.DateTimeFormat('en-US', {
  timeZone: newYork,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
});

/** `YYYYMMDDhhmm` of an instant on the New York wall clock, as OnDemand takes times. */
function wallClockOf(epochMs: number): string {
  const parts = Object.fromEntries(
    wallClock.formatToParts(epochMs).map((part) => [part.type, part.value]),
  );
  return `${parts.year ?? ''}${parts.month ?? ''}${parts.day ?? ''}${parts.hour ?? ''}${parts.minute ?? ''}`;
}
