import { parseInterval, toIsoUtc, zonedMidnightUtc } from '../contract/time.js';
import type { Bar } from '../contract/types.js';
import type { StockpollerError } from '../errors/index.js';
import type { BarRequest } from '../plugins/types.js';
import { providerFailure } from './failure.js';
import { addDays, parseInstant, toSessionCloseMs } from './trading-time.js';
import { newYork, newYorkDateOf } from './values.js';

/** A bar request checked and turned into instants and New York trading dates. */
export interface BarWindow<S = string> {
  readonly symbol: string;
  readonly interval: string;
  /**
   * How the provider names the interval: the value under it in the intervals map handed to
   * {@link parseBarWindow}, or the interval itself when a plain list was handed.
   */
  readonly spec: S;
  /** True for day bars, which are dated and stamped 00:00 New York. */
  readonly daily: boolean;
  /** Length of an intraday bar in ms; undefined for calendar units (days and longer). */
  readonly barMs: number | undefined;
  /** Bars starting in [fromMs, toMs] are wanted. */
  readonly fromMs: number;
  readonly toMs: number;
  /** New York dates of fromMs and toMs: the daily bars wanted, inclusive. */
  readonly fromDate: string;
  readonly toDate: string;
}

/** What {@link parseBarWindow} checks a request against. */
export interface BarWindowOptions<I> {
  /** The plugin's name, for messages: `tiingo serves no "2h" bars`. */
  readonly provider: string;
  /** The contract intervals served: a list, or a map to the provider's name of each. */
  readonly intervals: I;
}

const datePattern = /^\d{4}-\d{2}-\d{2}$/;
const boundHint =
  'Write YYYY-MM-DD, or an ISO-8601 instant with Z or an offset (2026-01-02T15:04:05Z).';

/**
 * Checks a bar request against the intervals a provider serves and turns its bounds into
 * instants. `from` and `to` are inclusive: a date means the whole New York day (from its 00:00
 * to its last millisecond), an instant must carry `Z` or an offset. Throws a `bad_request`
 * failure, before any call is made, naming what is wrong.
 */
export function parseBarWindow(
  request: BarRequest,
  options: BarWindowOptions<readonly string[]>,
): BarWindow;
export function parseBarWindow<S>(
  request: BarRequest,
  options: BarWindowOptions<Readonly<Record<string, S>>>,
): BarWindow<S>;
export function parseBarWindow(
  request: BarRequest,
  options: BarWindowOptions<readonly string[] | Readonly<Record<string, unknown>>>,
): BarWindow<unknown> {
  const { interval, symbol } = request;
  const served = listOf(options.intervals);
  if (!served.includes(interval)) {
    throw providerFailure('bad_request', `${options.provider} serves no "${interval}" bars`, {
      hint:
        served.length === 0 ? 'This plan serves no bars.' : `Ask for one of ${served.join(', ')}.`,
    });
  }
  const fromMs = parseBound(request.from, 'from');
  const toMs = parseBound(request.to, 'to');
  if (fromMs > toMs) {
    throw providerFailure(
      'bad_request',
      `bar request for ${symbol} starts (${request.from}) after it ends (${request.to})`,
      { hint: 'Swap from and to.' },
    );
  }
  const parsed = parseInterval(interval);
  return {
    symbol,
    interval,
    spec: isList(options.intervals) ? interval : options.intervals[interval],
    daily: parsed.unit === 'd',
    barMs: parsed.ms,
    fromMs,
    toMs,
    fromDate: newYorkDateOf(fromMs),
    toDate: newYorkDateOf(toMs),
  };
}

/** What a bar request is, for messages: `5m bars of AAPL`. */
export function describeBars(window: BarWindow<unknown>): string {
  return `${window.interval} bars of ${window.symbol}`;
}

/**
 * The `no_data` failure of a bar request the provider answered with no rows at all. To most
 * APIs an unknown symbol looks the same as a range without trading, so `hint` names both.
 */
export function noBarsFailure(
  window: BarWindow<unknown>,
  hint = 'Check the symbol, and ask for a range with trading days.',
): StockpollerError {
  const from = window.daily ? window.fromDate : toIsoUtc(window.fromMs);
  const to = window.daily ? window.toDate : toIsoUtc(window.toMs);
  return providerFailure('no_data', `${describeBars(window)}: none from ${from} to ${to}`, {
    hint,
  });
}

/**
 * True when a bar of the provider's answer is one the window asked for: a daily bar by its
 * trading date, an intraday bar by its start. Providers filter with it because their ranges
 * are coarser than the request (whole days, a margin for the exchange's time zone).
 */
export function isBarInWindow(bar: Bar, window: BarWindow<unknown>): boolean {
  if (window.daily) {
    return bar.date !== null && bar.date >= window.fromDate && bar.date <= window.toDate;
  }
  const startMs = Date.parse(bar.timestamp);
  return startMs >= window.fromMs && startMs <= window.toMs;
}

/**
 * True when a bar can no longer change at `nowMs`: a daily bar once its session has closed
 * (16:00 New York), an intraday bar once its interval has ended. Providers that serve the bar
 * still forming drop it with this, since a record once published is never corrected.
 */
export function isBarComplete(bar: Bar, window: BarWindow<unknown>, nowMs: number): boolean {
  if (bar.date !== null) return toSessionCloseMs(bar.date, 'session close') <= nowMs;
  return Date.parse(bar.timestamp) + (window.barMs ?? 0) <= nowMs;
}

function isList(
  intervals: readonly string[] | Readonly<Record<string, unknown>>,
): intervals is readonly string[] {
  return Array.isArray(intervals);
}

function listOf(intervals: readonly string[] | Readonly<Record<string, unknown>>): string[] {
  return isList(intervals) ? [...intervals] : Object.keys(intervals);
}

/** Epoch ms of a bound: a date is 00:00 New York (`from`) or the last ms of that day (`to`). */
function parseBound(text: string, name: 'from' | 'to'): number {
  if (datePattern.test(text)) {
    try {
      // The first call also rejects impossible dates such as 2026-02-30.
      const start = zonedMidnightUtc(text, newYork);
      return name === 'from' ? start : zonedMidnightUtc(addDays(text, 1), newYork) - 1;
    } catch (error) {
      throw badBound(text, name, error);
    }
  }
  const instant = parseInstant(text);
  if (instant === undefined) throw badBound(text, name);
  return instant;
}

function badBound(text: string, name: 'from' | 'to', cause?: unknown) {
  const message = `bar request ${name} "${text}" is neither a date nor an instant`;
  return providerFailure('bad_request', message, { hint: boundHint, cause });
}
