import { zonedMidnightUtc } from '../../core/contract/time.js';
import type { StockpollerError } from '../../core/errors/index.js';
import type { BarRequest } from '../../core/plugins/types.js';
import { newYork, newYorkDateOf, providerFailure } from '../../core/providers/index.js';

/** A bar request, checked: bars starting in [fromMs, toMs] are wanted. */
export interface BarWindow {
  readonly symbol: string;
  readonly interval: string;
  readonly daily: boolean;
  readonly fromMs: number;
  readonly toMs: number;
  /** New York dates of the two bounds. */
  readonly fromDate: string;
  readonly toDate: string;
}

const datePattern = /^\d{4}-\d{2}-\d{2}$/;
const instantPattern = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
const dayMs = 86_400_000;

/**
 * Checks a bar request against the intervals served and turns its bounds into instants: a
 * date means the whole New York day (from its 00:00 to its last millisecond).
 */
export function parseBarWindow(request: BarRequest, served: readonly string[]): BarWindow {
  if (!served.includes(request.interval)) {
    throw badRequest(
      `no "${request.interval}" bars at this provider`,
      `Ask for one of ${served.join(', ')}.`,
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
  return {
    symbol: request.symbol,
    interval: request.interval,
    daily: request.interval === '1d',
    fromMs,
    toMs,
    fromDate: newYorkDateOf(fromMs),
    toDate: newYorkDateOf(toMs),
  };
}

/** The date `days` days after `date` (YYYY-MM-DD), negative for before. */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * dayMs).toISOString().slice(0, 10);
}

function parseBound(text: string, name: 'from' | 'to', edge: 'start' | 'end'): number {
  let epochMs = Number.NaN;
  try {
    if (datePattern.test(text)) {
      // The first call also rejects impossible dates such as 2026-02-30.
      const startMs = zonedMidnightUtc(text, newYork);
      epochMs = edge === 'start' ? startMs : zonedMidnightUtc(addDays(text, 1), newYork) - 1;
    } else if (instantPattern.test(text)) {
      epochMs = Date.parse(text);
    }
  } catch {
    // An impossible date (2026-02-30) falls through to the error below.
  }
  if (Number.isNaN(epochMs)) {
    throw badRequest(
      `bar request ${name} "${text}" is neither a date nor an instant`,
      'Write YYYY-MM-DD, or an ISO-8601 instant with Z or an offset (2026-01-02T15:04:05Z).',
    );
  }
  return epochMs;
}

function badRequest(message: string, hint: string): StockpollerError {
  return providerFailure('bad_request', message, { hint });
}
