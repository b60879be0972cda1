import { toIsoUtc, tradingDateOf, zonedMidnightUtc } from '../../core/contract/time.js';
import type { Bar } from '../../core/contract/types.js';
import { StockpollerError, describeError } from '../../core/errors/index.js';
import type { BarRequest } from '../../core/plugins/types.js';
import {
  dateOfEpochDay,
  epochDayOf,
  isWeekday,
  marketMidnightMs,
  marketTimeZone,
  sessionMinutes,
  sessionNumberOf,
  sessionOpenMs,
} from './calendar.js';
import { isSessionModelled, type SessionPath } from './price-model.js';

/** Bar sizes the simulated provider serves, in minutes; `1d` is the whole session. */
const intervalMinutes: Readonly<Record<string, number>> = {
  '1m': 1,
  '5m': 5,
  '15m': 15,
  '30m': 30,
  '1h': 60,
  '1d': sessionMinutes,
};

/** Intraday intervals, as the provider's capabilities list them. */
export const intradayIntervals = ['1m', '5m', '15m', '30m', '1h'] as const;

/** The most bars one request may produce; a larger request is rejected, not truncated. */
export const maxBarsPerRequest = 50_000;

const minuteMs = 60_000;
const datePattern = /^\d{4}-\d{2}-\d{2}$/;
const instantPattern = /^(\d{4}-\d{2}-\d{2})T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** A bar request, checked and turned into instants. */
export interface BarWindow {
  readonly symbol: string;
  readonly interval: string;
  /** Minutes per bar; a daily bar spans the whole session. */
  readonly minutes: number;
  readonly daily: boolean;
  /** Bars starting in [fromMs, toMs] are returned. */
  readonly fromMs: number;
  readonly toMs: number;
}

/** Checks a request; throws SP_ERR_PROVIDER_BAD_REQUEST naming what is wrong. */
export function parseBarRequest(request: BarRequest): BarWindow {
  const minutes = intervalMinutes[request.interval];
  if (minutes === undefined) {
    throw badRequest(
      `the simulated provider has no "${request.interval}" bars`,
      `Ask for one of ${Object.keys(intervalMinutes).join(', ')}.`,
    );
  }
  const fromMs = parseBound(request.from, 'from', 'start');
  const toMs = parseBound(request.to, 'to', 'end');
  if (fromMs > toMs) {
    throw badRequest(
      `bar request for ${request.symbol} starts (${request.from}) after it ends (${request.to})`,
      'Swap from and to.',
    );
  }
  const daily = request.interval === '1d';
  return { symbol: request.symbol, interval: request.interval, minutes, daily, fromMs, toMs };
}

/**
 * Every completed bar of `window` up to `nowMs`, sorted by start. Bars follow the regular
 * session: weekdays only, intraday bars aligned to 09:30 New York time (the last `1h` bar is
 * 30 minutes long), daily bars stamped 00:00 New York time.
 */
export function generateBars(
  window: BarWindow,
  nowMs: number,
  provider: string,
  pathOf: (session: number) => SessionPath,
): Bar[] {
  const endMs = Math.min(window.toMs, nowMs);
  if (endMs < window.fromMs) return [];
  const firstDay = epochDayOf(tradingDateOf(window.fromMs, marketTimeZone));
  const lastDay = epochDayOf(tradingDateOf(endMs, marketTimeZone));
  checkSize(window, firstDay, lastDay);

  const bars: Bar[] = [];
  for (let day = firstDay; day <= lastDay; day++) {
    if (!isWeekday(day)) continue;
    const openMs = sessionOpenMs(day);
    const session = sessionNumberOf(day);
    for (let first = 0; first < sessionMinutes; first += window.minutes) {
      const end = Math.min(first + window.minutes, sessionMinutes);
      const startMs = window.daily ? marketMidnightMs(day) : openMs + first * minuteMs;
      if (startMs < window.fromMs || startMs > window.toMs) continue;
      // Only completed bars: they never change once returned.
      if (openMs + end * minuteMs > nowMs) break;

      const summary = summarizeMinutes(pathOf(session), first, end);
      bars.push({
        symbol: window.symbol,
        provider,
        interval: window.interval,
        date: window.daily ? dateOfEpochDay(day) : null,
        timestamp: toIsoUtc(startMs),
        ...summary,
      });
    }
  }
  return bars;
}

/** OHLCV and VWAP of the minutes [first, end) of a session. */
function summarizeMinutes(path: SessionPath, first: number, end: number) {
  let high = 0;
  let low = Number.POSITIVE_INFINITY;
  let volume = 0;
  let notional = 0;
  for (let minute = first; minute < end; minute++) {
    const minuteHigh = path.highs[minute] ?? 0;
    const minuteLow = path.lows[minute] ?? 0;
    const minuteVolume = path.volumes[minute] ?? 0;
    high = Math.max(high, minuteHigh);
    low = Math.min(low, minuteLow);
    volume += minuteVolume;
    notional += minuteVolume * ((minuteHigh + minuteLow + (path.prices[minute + 1] ?? 0)) / 3);
  }
  return {
    open: path.prices[first] ?? 0,
    high,
    low,
    close: path.prices[end] ?? 0,
    volume,
    vwap: volume > 0 ? Math.round((notional / volume) * 10_000) / 10_000 : null,
  };
}

function checkSize(window: BarWindow, firstDay: number, lastDay: number): void {
  const firstSession = sessionNumberOf(firstDay - 1);
  const lastSession = sessionNumberOf(lastDay);
  if (!isSessionModelled(firstSession) || !isSessionModelled(lastSession)) {
    throw badRequest(
      `bar request for ${window.symbol} reaches beyond the years the simulation covers`,
      'Ask for dates between the years 100 and 3900.',
    );
  }
  const barsPerSession = Math.ceil(sessionMinutes / window.minutes);
  const upperBound = (lastSession - firstSession) * barsPerSession;
  if (upperBound > maxBarsPerRequest) {
    throw badRequest(
      `bar request for ${window.symbol} would return up to ${upperBound} ${window.interval} bars, more than ${maxBarsPerRequest}`,
      'Ask for a shorter range or a larger interval.',
    );
  }
}

/** Epoch milliseconds of a request bound: a date means 00:00 New York (from) or its last ms (to). */
function parseBound(text: string, name: 'from' | 'to', edge: 'start' | 'end'): number {
  const datePart = datePattern.test(text) ? text : instantPattern.exec(text)?.[1];
  const realDate = datePart !== undefined && dateOfEpochDay(epochDayOf(datePart)) === datePart;
  const instantMs = datePart === text ? 0 : Date.parse(text);
  if (!realDate || Number.isNaN(instantMs)) {
    throw badRequest(
      `bar request ${name} "${text}" is neither a date nor an instant`,
      'Write YYYY-MM-DD, or an ISO-8601 instant with Z or an offset (2026-01-02T15:04:05Z).',
    );
  }
  if (datePart !== text) return instantMs;
  try {
    if (edge === 'start') return zonedMidnightUtc(text, marketTimeZone);
    return zonedMidnightUtc(dateOfEpochDay(epochDayOf(text) + 1), marketTimeZone) - 1;
  } catch (error) {
    throw badRequest(
      `bar request ${name} "${text}" is outside the supported dates: ${describeError(error)}`,
      'Ask for dates between the years 100 and 3900.',
      error,
    );
  }
}

function badRequest(message: string, hint: string, cause?: unknown): StockpollerError {
  return new StockpollerError(
    'SP_ERR_PROVIDER_BAD_REQUEST',
    message,
    hint,
    cause === undefined ? undefined : { cause },
  );
}
