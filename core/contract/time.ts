import { StockpollerError } from '../errors/index.js';

// ECMAScript Date range: ±100,000,000 days around the epoch.
const maxEpochMs = 8.64e15;
const datePattern = /^(\d{4})-(\d{2})-(\d{2})$/;
const intervalPattern = /^([1-9]\d{0,3})(mo|m|h|d|w)$/;

/** Unit of a bar interval: minutes, hours, days, weeks or months. */
export type IntervalUnit = 'm' | 'h' | 'd' | 'w' | 'mo';

/** A bar interval split into its parts, as {@link parseInterval} returns it. */
export interface ParsedInterval {
  /** How many units one bar spans (the 5 of `5m`). */
  readonly count: number;
  readonly unit: IntervalUnit;
  /**
   * Length in milliseconds, for minutes and hours only: days, weeks and months are calendar
   * units whose length varies with daylight saving time and the month.
   */
  readonly ms?: number;
}

const unitMs: Partial<Record<IntervalUnit, number>> = { m: 60_000, h: 3_600_000 };

/**
 * Formats epoch milliseconds as the contract's timestamp: ISO-8601 UTC with exactly three
 * fraction digits (`2026-01-02T15:04:05.000Z`). Throws SP_ERR_CONTRACT_BAD_TIME for NaN,
 * infinities and instants outside the range of `Date`.
 */
export function toIsoUtc(epochMs: number): string {
  // A batch stamps many records with the same instant: skip formatting it again.
  if (epochMs === lastEpochMs) return lastIso;
  checkEpochMs(epochMs);
  const iso = new Date(epochMs).toISOString();
  // Years outside 0000-9999 come out as "+012345-..."; the contract has no room for them.
  if (iso.length !== 24) throw badTime(`${epochMs} is outside the years 0000-9999`);
  lastEpochMs = epochMs;
  lastIso = iso;
  return iso;
}

let lastEpochMs = Number.NaN;
let lastIso = '';

/**
 * The epoch milliseconds of 00:00 on `date` (`YYYY-MM-DD`) in `timeZone` (an IANA name such as
 * `America/New_York`), correct across daylight-saving changes. When midnight does not exist
 * that day (a zone that springs forward at 00:00), returns the first instant of the day.
 * Throws SP_ERR_CONTRACT_BAD_TIME for a malformed or impossible date or an unknown time zone.
 */
export function zonedMidnightUtc(date: string, timeZone: string): number {
  const utcMidnight = parseDateUtc(date);
  const offsets = new Set([
    offsetAt(utcMidnight - 14 * 3_600_000, timeZone),
    offsetAt(utcMidnight + 14 * 3_600_000, timeZone),
  ]);

  // A candidate is right when the zone's offset at that instant is the one it assumed.
  let earliest = Number.POSITIVE_INFINITY;
  let latest = Number.NEGATIVE_INFINITY;
  for (const offset of offsets) {
    const candidate = utcMidnight - offset;
    if (offsetAt(candidate, timeZone) === offset) earliest = Math.min(earliest, candidate);
    latest = Math.max(latest, candidate);
  }
  // No candidate fits: midnight falls into a gap, and the day starts at the transition.
  return Number.isFinite(earliest) ? earliest : latest;
}

/**
 * The calendar date `YYYY-MM-DD` in `timeZone` at the instant `epochMs`. It is the wall-clock
 * date, weekends included: deciding which days are sessions is the caller's business.
 */
export function tradingDateOf(epochMs: number, timeZone: string): string {
  checkEpochMs(epochMs);
  const local = new Date(epochMs + offsetAt(epochMs, timeZone));
  return local.toISOString().slice(0, 10);
}

/**
 * Splits a bar interval (`1m`, `5m`, `1h`, `1d`, `1w`, `1mo`) into count and unit. Throws
 * SP_ERR_CONTRACT_BAD_TIME for anything else.
 */
export function parseInterval(interval: string): ParsedInterval {
  const match = intervalPattern.exec(interval);
  if (!match) {
    throw badTime(
      `"${interval}" is not a bar interval`,
      'Write a count and a unit: m, h, d, w or mo (for example 5m, 1h, 1d).',
    );
  }
  const count = Number(match[1]);
  const unit = match[2] as IntervalUnit;
  const ms = unitMs[unit];
  return ms === undefined ? { count, unit } : { count, unit, ms: count * ms };
}

function checkEpochMs(epochMs: number): void {
  if (!Number.isFinite(epochMs) || Math.abs(epochMs) > maxEpochMs) {
    throw badTime(`${epochMs} is not a valid instant in epoch milliseconds`);
  }
}

/** Epoch milliseconds of 00:00 UTC on `date`, checking that the date exists. */
function parseDateUtc(date: string): number {
  const match = datePattern.exec(date);
  if (match) {
    const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
    const epochMs = Date.UTC(year, month - 1, day);
    // Date.UTC maps years 0-99 to 1900-1999, so compare against setUTCFullYear instead.
    const check = new Date(epochMs);
    check.setUTCFullYear(year);
    if (check.getUTCMonth() === month - 1 && check.getUTCDate() === day) return check.getTime();
  }
  throw badTime(`"${date}" is not a calendar date`, 'Write the date as YYYY-MM-DD.');
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterOf(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (formatter) return formatter;

  try {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      era: 'short',
    });
  } catch (error) {
    throw badTime(
      `"${timeZone}" is not a time zone`,
      'Use an IANA name such as America/New_York.',
      error,
    );
  }
  formatters.set(timeZone, formatter);
  return formatter;
}

/** Milliseconds the zone's wall clock is ahead of UTC at `epochMs` (negative west of UTC). */
function offsetAt(epochMs: number, timeZone: string): number {
  const fields: Record<string, number> = {};
  let beforeChrist = false;
  for (const part of formatterOf(timeZone).formatToParts(epochMs)) {
    if (part.type === 'era') beforeChrist = part.value.startsWith('B');
    else if (part.type !== 'literal') fields[part.type] = Number(part.value);
  }
  const year = beforeChrist ? 1 - (fields.year ?? 0) : (fields.year ?? 0);
  const wall = new Date(0);
  wall.setUTCFullYear(year, (fields.month ?? 1) - 1, fields.day ?? 1);
  wall.setUTCHours(fields.hour ?? 0, fields.minute ?? 0, fields.second ?? 0, 0);
  // Offsets are whole seconds; drop the milliseconds the formatter cannot show.
  const wholeSecond = epochMs - (((epochMs % 1000) + 1000) % 1000);
  return wall.getTime() - wholeSecond;
}

function badTime(message: string, hint?: string, cause?: unknown): StockpollerError {
  return new StockpollerError(
    'SP_ERR_CONTRACT_BAD_TIME',
    message,
    hint,
    cause === undefined ? undefined : { cause },
  );
}
