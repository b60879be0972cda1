import { toIsoUtc, zonedMidnightUtc } from '../contract/time.js';
import { providerFailure } from './failure.js';
import { newYork, newYorkDateOf } from './values.js';

const hourMs = 3_600_000;
const dayMs = 86_400_000;
const datePattern = /^\d{4}-\d{2}-\d{2}$/;
// Seconds optional, any number of fraction digits, `Z` or an offset with or without a colon.
const zonedInstant = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})$/i;

/** The date `days` days after `date` (`YYYY-MM-DD`); negative `days` count back. */
export function addDays(date: string, days: number): string {
  return toIsoUtc(Date.parse(`${date}T00:00:00Z`) + days * dayMs).slice(0, 10);
}

/**
 * Epoch ms of an ISO-8601 instant that carries a zone (`Z` or an offset), with any number of
 * fraction digits: nanoseconds are truncated to the millisecond, never rounded, so a trade
 * cannot move into the next millisecond. Undefined for anything else, so that a local time is
 * never silently read in the machine's zone.
 */
export function parseInstant(text: string): number | undefined {
  const trimmed = text.trim();
  // The pattern guarantees a zone, so Date.parse cannot fall back to local time; V8 reads the
  // shapes it admits (extra fraction digits truncated, +HHMM offsets) on this hot path.
  if (!zonedInstant.test(trimmed)) return undefined;
  const epochMs = Date.parse(trimmed);
  return Number.isNaN(epochMs) ? undefined : epochMs;
}

/**
 * The first of several candidate times (a trade's, then the answer's) that is a readable
 * instant, as {@link parseInstant} reads them; undefined when none is.
 */
export function firstInstant(candidates: readonly unknown[]): number | undefined {
  for (const candidate of candidates) {
    const epochMs = typeof candidate === 'string' ? parseInstant(candidate) : undefined;
    if (epochMs !== undefined) return epochMs;
  }
  return undefined;
}

/**
 * Like {@link parseInstant} for a field of a response body (`2025-03-12T14:59:59.123456789Z`):
 * anything but such a string is a `malformed` error naming `what`.
 */
export function readInstant(value: unknown, what: string): number {
  const epochMs = typeof value === 'string' ? parseInstant(value) : undefined;
  if (epochMs === undefined) {
    const shown = value === undefined ? 'undefined' : JSON.stringify(value);
    throw providerFailure('malformed', `${what} is not an RFC-3339 time: ${shown}`);
  }
  return epochMs;
}

const dateByHour = new Map<number, string>();

/**
 * The New York date of an instant, as {@link newYorkDateOf} gives it but cached by UTC hour,
 * for code that dates every quote or bar: New York's midnights and clock changes fall on whole
 * UTC hours, so every instant of one UTC hour has the same New York date, and formatting
 * through Intl each time costs more than the rest of mapping a quote.
 */
export function toNewYorkDate(epochMs: number): string {
  const hour = Math.floor(epochMs / hourMs);
  let date = dateByHour.get(hour);
  if (date === undefined) {
    date = newYorkDateOf(epochMs);
    if (dateByHour.size >= 4096) dateByHour.clear();
    dateByHour.set(hour, date);
  }
  return date;
}

/**
 * The trading date a daily bar's stamp stands for, when the provider does not say how it
 * anchors them. A stamp at exactly midnight UTC stands for its UTC date (read in New York it
 * would be the evening before); any other stamp (00:00 or 16:00 New York) is read in New York.
 */
export function toDailyBarDate(epochMs: number): string {
  if (epochMs % dayMs === 0) return toIsoUtc(epochMs).slice(0, 10);
  return toNewYorkDate(epochMs);
}

const closeByDate = new Map<string, number>();
const eightHoursMs = 8 * hourMs;

/**
 * Epoch ms of 16:00 New York on a trading date (`YYYY-MM-DD`): when the regular session
 * closes, so a bar or a day's close is final from then on. It is 8 hours before the next day's
 * midnight, which is exact on every day, since New York changes clocks at 02:00. Cached by date.
 * A date that does not exist is a `malformed` error naming `what`.
 */
export function toSessionCloseMs(tradingDate: string, what: string): number {
  let closeMs = closeByDate.get(tradingDate);
  if (closeMs === undefined) {
    const dayStartMs = datePattern.test(tradingDate)
      ? Date.parse(`${tradingDate}T00:00:00Z`)
      : Number.NaN;
    // Date.parse rolls 2025-02-30 over into March; the round trip catches it.
    if (Number.isNaN(dayStartMs) || !toIsoUtc(dayStartMs).startsWith(tradingDate))
      throw providerFailure('malformed', `${what}: no date ${tradingDate}`);
    closeMs = zonedMidnightUtc(addDays(tradingDate, 1), newYork) - eightHoursMs;
    if (closeByDate.size >= 64) closeByDate.clear();
    closeByDate.set(tradingDate, closeMs);
  }
  return closeMs;
}

const wallClock = new Intl.DateTimeFormat('en-US', {
  timeZone: newYork,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

/**
 * `YYYY-MM-DDTHH:MM:SS` of an instant on the New York wall clock, without an offset: the form
 * of APIs that take exchange-local bounds.
 */
export function formatNewYorkWallTime(epochMs: number): string {
  const parts: Partial<Record<string, string>> = {};
  for (const part of wallClock.formatToParts(epochMs)) parts[part.type] = part.value;
  const field = (type: string): string => parts[type] ?? '00';
  const date = `${field('year')}-${field('month')}-${field('day')}`;
  return `${date}T${field('hour')}:${field('minute')}:${field('second')}`;
}
