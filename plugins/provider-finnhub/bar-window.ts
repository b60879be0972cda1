import { parseInterval, zonedMidnightUtc } from '../../core/contract/time.js';
import { isStockpollerError } from '../../core/errors/index.js';
import type { BarRequest } from '../../core/plugins/types.js';
import { newYork, newYorkDateOf, providerFailure } from '../../core/providers/index.js';

/** A bar request checked and turned into instants and New York trading dates. */
export interface BarWindow {
  readonly symbol: string;
  readonly interval: string;
  readonly daily: boolean;
  /** Length of an intraday bar in ms; undefined for daily bars. */
  readonly barMs: number | undefined;
  /** Bars starting in [fromMs, toMs] are wanted. */
  readonly fromMs: number;
  readonly toMs: number;
  /** New York dates of fromMs and toMs: the daily bars wanted, inclusive. */
  readonly fromDate: string;
  readonly toDate: string;
}

const datePattern = /^\d{4}-\d{2}-\d{2}$/;
const instantPattern = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
const dayMs = 86_400_000;

/**
 * Checks a bar request against the intervals served: `from` and `to` are dates (a whole New
 * York day) or instants with a zone. Throws a `bad_request` error naming what is wrong.
 */
export function parseBarWindow(request: BarRequest, served: readonly string[]): BarWindow {
  if (!served.includes(request.interval)) {
    throw providerFailure('bad_request', `no "${request.interval}" bars on this plan`, {
      hint:
        served.length === 0 ? 'This plan serves no bars.' : `Ask for one of ${served.join(', ')}.`,
    });
  }
  const fromMs = parseBound(request.from, 'from', 'start');
  const toMs = parseBound(request.to, 'to', 'end');
  if (fromMs > toMs) {
    throw providerFailure(
      'bad_request',
      `bar request for ${request.symbol} starts (${request.from}) after it ends (${request.to})`,
      {
        hint: 'Swap from and to.',
      },
    );
  }
  const interval = parseInterval(request.interval);
  return {
    symbol: request.symbol,
    interval: request.interval,
    daily: interval.unit === 'd',
    barMs: interval.ms,
    fromMs,
    toMs,
    fromDate: newYorkDateOf(fromMs),
    toDate: newYorkDateOf(toMs),
  };
}

/** Epoch ms of a bound: a date is 00:00 New York (from) or the last ms of that day (to). */
function parseBound(text: string, name: 'from' | 'to', edge: 'start' | 'end'): number {
  try {
    if (datePattern.test(text)) {
      const start = zonedMidnightUtc(text, newYork);
      if (edge === 'start') return start;
      // The next New York midnight: a day is 23 to 25 hours long around DST changes.
      return zonedMidnightUtc(newYorkDateOf(start + dayMs + 3 * 3_600_000), newYork) - 1;
    }
    const instant = instantPattern.test(text) ? Date.parse(text) : Number.NaN;
    if (!Number.isNaN(instant)) return instant;
  } catch (error) {
    if (!isStockpollerError(error)) throw error;
  }
  throw providerFailure(
    'bad_request',
    `bar request ${name} "${text}" is neither a date nor an instant`,
    {
      hint: 'Write YYYY-MM-DD, or an ISO-8601 instant with Z or an offset (2026-01-02T15:04:05Z).',
    },
  );
}
