import { toIsoUtc, tradingDateOf } from '../../core/contract/time.js';
import type { Bar } from '../../core/contract/types.js';
import type { BarRequest } from '../../core/plugins/types.js';
import {
  addDays,
  createLocalTimeReader,
  dailyBarTimestamp,
  describeBars,
  isBarInWindow,
  noBarsFailure,
  parseBarWindow,
  providerFailure,
  sortBars,
  toNullableNumber,
  toNumber,
  type BarWindow,
} from '../../core/providers/index.js';
import { intradayPaths } from './capabilities.js';
import { providerName, readBody, type FmpClient } from './client.js';
import type { FmpOptions } from './options-schema.js';
import { eodSchema, intradaySchema, type EodRow, type IntradayRow } from './response-schemas.js';

const dailyPaths: Readonly<Record<FmpOptions['adjustment'], string>> = {
  split: '/historical-price-eod/full',
  dividend: '/historical-price-eod/dividend-adjusted',
  none: '/historical-price-eod/non-split-adjusted',
};

/**
 * Days asked per call. FMP answers about a month of intraday bars per call ("loop over day
 * intervals" for more); the exact caps are not documented, so minute bars go 3 days at a
 * time and daily bars 5 years.
 */
const spanDays: Readonly<Record<string, number>> = {
  '1m': 3,
  '5m': 10,
  '15m': 30,
  '30m': 30,
  '1h': 30,
  '4h': 30,
  '1d': 1825,
};

/** Calls one request may take; a longer range is refused before any call. */
export const maxCalls = 40;

const servedIntervals = ['1d', ...Object.keys(intradayPaths)];

/**
 * Bars of one symbol, sorted: daily from `/historical-price-eod/*`, intraday from
 * `/historical-chart/{interval}`, both newest first and bounded by `from`/`to` dates. A range
 * longer than one call serves is split into consecutive spans. Intraday times are local
 * (`intradayTimeZone`) without an offset. No rows at all is `no_data`: FMP answers an unknown
 * symbol with `[]`, exactly as it answers a range without trading.
 */
export async function fetchBars(
  client: FmpClient,
  request: BarRequest,
  options: Pick<FmpOptions, 'adjustment' | 'intradayTimeZone'>,
  signal?: AbortSignal,
): Promise<Bar[]> {
  const window = parseBarWindow(request, { provider: providerName, intervals: servedIntervals });
  const zone = options.intradayTimeZone;
  const first = window.daily ? window.fromDate : tradingDateOf(window.fromMs, zone);
  const last = window.daily ? window.toDate : tradingDateOf(window.toMs, zone);
  const spans = spansOf(first, last, spanDays[window.interval] ?? 30);
  const what = describeBars(window);
  if (spans.length > maxCalls) {
    throw providerFailure('bad_request', `${what}: the range needs ${spans.length} calls`, {
      hint: `Ask for a shorter range or a larger interval (at most ${maxCalls} calls).`,
    });
  }
  const path = window.daily
    ? dailyPaths[options.adjustment]
    : `/historical-chart/${intradayPaths[window.interval] ?? ''}`;
  const toEpoch = createLocalTimeReader(zone);
  const bars: Bar[] = [];

  for (const [from, to] of spans) {
    const response = await client.http.get(path, { symbol: window.symbol, from, to }, signal);
    client.log.debug({ symbol: window.symbol, from, to, status: response.status }, 'bars answered');
    if (window.daily) {
      const rows = readBody<EodRow[]>(client, response, what, eodSchema);
      const adjusted = options.adjustment !== 'split';
      bars.push(...rows.map((row) => mapDaily(row, window, adjusted, what)));
    } else {
      const rows = readBody<IntradayRow[]>(client, response, what, intradaySchema);
      for (const row of rows) {
        const where = `${what} at ${row.date}`;
        bars.push({
          ...barBase(window, row, where),
          date: null,
          timestamp: toIsoUtc(toEpoch(row.date, where)),
        });
      }
    }
  }
  if (bars.length === 0) throw noBarsFailure(window);
  return sortBars(bars.filter((bar) => isBarInWindow(bar, window)));
}

function mapDaily(row: EodRow, window: BarWindow, adjusted: boolean, what: string): Bar {
  const where = `${what} on ${row.date}`;
  // The adjusted endpoints spell their prices adjOpen..adjClose; prefer them there.
  const pick = (plain?: number, adjustedValue?: number) =>
    adjusted ? (adjustedValue ?? plain) : (plain ?? adjustedValue);
  const date = row.date.slice(0, 10);
  const prices = {
    open: pick(row.open, row.adjOpen),
    high: pick(row.high, row.adjHigh),
    low: pick(row.low, row.adjLow),
    close: pick(row.close, row.adjClose),
    volume: row.volume,
  };
  const bar: Bar = {
    ...barBase(window, prices, where),
    date,
    timestamp: dailyBarTimestamp(date),
  };
  return row.vwap === undefined
    ? bar
    : { ...bar, vwap: toNullableNumber(row.vwap, `${where}: vwap`) };
}

interface Prices {
  readonly open?: unknown;
  readonly high?: unknown;
  readonly low?: unknown;
  readonly close?: unknown;
  readonly volume?: unknown;
}

function barBase(window: BarWindow, prices: Prices, where: string) {
  return {
    symbol: window.symbol,
    provider: providerName,
    interval: window.interval,
    open: toNumber(prices.open, `${where}: open`),
    high: toNumber(prices.high, `${where}: high`),
    low: toNumber(prices.low, `${where}: low`),
    close: toNumber(prices.close, `${where}: close`),
    volume: toNullableNumber(prices.volume, `${where}: volume`),
  };
}

/** Consecutive [from, to] date spans of at most `days` days covering first..last. */
function spansOf(first: string, last: string, days: number): [string, string][] {
  const spans: [string, string][] = [];
  for (let from = first; from <= last; from = addDays(from, days)) {
    const to = addDays(from, days - 1);
    spans.push([from, to < last ? to : last]);
  }
  return spans;
}
