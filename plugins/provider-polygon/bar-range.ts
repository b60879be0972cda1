import { toIsoUtc, zonedMidnightUtc } from '../../core/contract/time.js';
import type { BarRequest } from '../../core/plugins/types.js';
import { newYork, newYorkDateOf, providerFailure } from '../../core/providers/index.js';
import { newYorkDateAt } from './fields.js';

/** A bar request checked and turned into instants; `spec` is how the API names the interval. */
export interface BarRange<S> {
  readonly symbol: string;
  readonly interval: string;
  readonly spec: S;
  readonly daily: boolean;
  /** Bars starting in [fromMs, toMs] are asked for. */
  readonly fromMs: number;
  readonly toMs: number;
  /** New York trading dates of the two bounds. */
  readonly fromDate: string;
  readonly toDate: string;
}

const datePattern = /^\d{4}-\d{2}-\d{2}$/;
const instantPattern = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/i;
const dayMs = 86_400_000;

/**
 * Checks a bar request against the intervals served (keyed by contract name). A date bound means the whole New York
 * day (from its 00:00 to its last millisecond); an instant needs `Z` or an offset. Throws a
 * `bad_request` failure naming what is wrong.
 */
export function parseBarRange<S>(
  request: BarRequest,
  intervals: Readonly<Record<string, S>>,
): BarRange<S> {
  const spec = Object.hasOwn(intervals, request.interval) ? intervals[request.interval] : undefined;
  if (spec === undefined) {
    throw providerFailure('bad_request', `polygon serves no "${request.interval}" bars`, {
      hint: `Ask for one of ${Object.keys(intervals).join(', ')}.`,
    });
  }
  const fromMs = parseBound(request.from, 'from', 'start');
  const toMs = parseBound(request.to, 'to', 'end');
  if (fromMs > toMs) {
    throw providerFailure(
      'bad_request',
      `bars of ${request.symbol}: from (${request.from}) is after to (${request.to})`,
      { hint: 'Swap from and to.' },
    );
  }
  return {
    symbol: request.symbol,
    interval: request.interval,
    spec,
    daily: request.interval === '1d',
    fromMs,
    toMs,
    fromDate: newYorkDateOf(fromMs),
    toDate: newYorkDateOf(toMs),
  };
}

function parseBound(text: string, name: 'from' | 'to', edge: 'start' | 'end'): number {
  const hint = 'Write YYYY-MM-DD, or an ISO-8601 instant with Z or an offset.';
  if (datePattern.test(text)) {
    try {
      const midnight = zonedMidnightUtc(text, newYork);
      if (edge === 'start') return midnight;
      const nextDate = toIsoUtc(Date.parse(`${text}T00:00:00Z`) + dayMs).slice(0, 10);
      return zonedMidnightUtc(nextDate, newYork) - 1;
    } catch (error) {
      throw providerFailure('bad_request', `bar request ${name} "${text}" is not a date`, {
        hint,
        cause: error,
      });
    }
  }
  const instantMs = instantPattern.test(text) ? Date.parse(text) : Number.NaN;
  if (Number.isNaN(instantMs)) {
    throw providerFailure(
      'bad_request',
      `bar request ${name} "${text}" is not a date or an instant`,
      {
        hint,
      },
    );
  }
  return instantMs;
}

/**
 * The trading date a daily bar's stamp stands for. Polygon stamps range bars 00:00 New York
 * and `/prev` bars 16:00 New York, both inside the New York date; a midnight-UTC stamp (which
 * New York would read as the evening before) stands for its UTC date.
 */
export function tradingDateOfDailyStamp(epochMs: number): string {
  if (epochMs % dayMs === 0) return toIsoUtc(epochMs).slice(0, 10);
  return newYorkDateAt(epochMs);
}
