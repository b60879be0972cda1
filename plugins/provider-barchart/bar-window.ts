import { zonedMidnightUtc } from '../../core/contract/time.js';
import type { BarRequest } from '../../core/plugins/types.js';
import { newYork, newYorkDateOf, providerFailure } from '../../core/providers/index.js';

/** A bar request checked and turned into instants and New York trading dates. */
export interface BarWindow {
  readonly symbol: string;
  readonly interval: string;
  readonly daily: boolean;
  /** Bars whose start lies in [fromMs, toMs] are returned. */
  readonly fromMs: number;
  readonly toMs: number;
  /** New York dates of the two bounds, for APIs that take dates. */
  readonly fromDate: string;
  readonly toDate: string;
}

const datePattern = /^\d{4}-\d{2}-\d{2}$/;
const instantPattern =
  /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2})?)(?:\.(\d+))?(Z|[+-]\d{2}:?\d{2})$/i;

/**
 * Epoch ms of an ISO-8601 instant that carries a zone (`Z` or an offset), with any number of
 * fraction digits (Tiingo sends nanoseconds); undefined for anything else, so a local time is
 * never silently read in the machine's zone.
 */
export function parseInstant(text: string): number | undefined {
  const match = instantPattern.exec(text.trim());
  if (match === null) return undefined;
  const fraction = (match[2] ?? '').padEnd(3, '0').slice(0, 3);
  const ms = Date.parse(`${match[1] ?? ''}.${fraction}${match[3] ?? ''}`);
  return Number.isNaN(ms) ? undefined : ms;
}

/** The date after `date` (`YYYY-MM-DD`). */
export function nextDate(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

/**
 * Checks a bar request against the intervals a provider serves. `from` and `to` are inclusive:
 * a date means the whole New York day, an instant must carry a zone.
 */
export function parseBarWindow(
  request: BarRequest,
  intervals: readonly string[],
  provider: string,
): BarWindow {
  if (!intervals.includes(request.interval)) {
    throw providerFailure('bad_request', `${provider} serves no "${request.interval}" bars`, {
      hint: `Ask for one of ${intervals.join(', ')}.`,
    });
  }
  const fromMs = boundOf(request.from, 'from');
  const toMs = boundOf(request.to, 'to');
  if (fromMs > toMs) {
    throw providerFailure(
      'bad_request',
      `bar request for ${request.symbol} starts (${request.from}) after it ends (${request.to})`,
      { hint: 'Swap from and to.' },
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

function boundOf(text: string, name: 'from' | 'to'): number {
  if (datePattern.test(text)) {
    try {
      const start = zonedMidnightUtc(text, newYork);
      return name === 'from' ? start : zonedMidnightUtc(nextDate(text), newYork) - 1;
    } catch (error) {
      throw badBound(text, name, error);
    }
  }
  const instant = parseInstant(text);
  if (instant === undefined) throw badBound(text, name);
  return instant;
}

function badBound(text: string, name: string, cause?: unknown) {
  return providerFailure('bad_request', `bar request ${name} "${text}" is not a date or instant`, {
    hint: 'Write YYYY-MM-DD, or an ISO-8601 instant with Z or an offset.',
    cause,
  });
}
