import { toIsoUtc, tradingDateOf, zonedMidnightUtc } from '../contract/time.js';
import { providerFailure } from './failure.js';

/** The exchange time zone of US equities: daily bars and trading dates are counted in it. */
export const newYork = 'America/New_York';

/**
 * A number from a JSON number or a numeric string ("235.60000", " 12 "). Anything else
 * (empty, "NaN", "Infinity", an object) is a malformed response naming `what`.
 */
export function toNumber(value: unknown, what: string): number {
  const parsed = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof parsed !== 'number' || !Number.isFinite(parsed)) {
    throw providerFailure(
      'malformed',
      `${what} is not a number: ${value === undefined ? 'undefined' : JSON.stringify(value)}`,
    );
  }
  return parsed;
}

/** Like {@link toNumber}, but null, undefined, "", "None" and "-" mean "not given" (null). */
export function toNullableNumber(value: unknown, what: string): number | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' && ['', 'None', 'null', '-', 'N/A'].includes(value.trim()))
    return null;
  return toNumber(value, what);
}

/** A percentage that may arrive as "-4.8471%" or -4.8471; percent units either way. */
export function toPercent(value: unknown, what: string): number | null {
  const text = typeof value === 'string' ? value.trim().replace(/%$/, '') : value;
  return toNullableNumber(text, what);
}

/** Rounds to `decimals` places, for derived values such as change percent. */
export function roundTo(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}

/**
 * Epoch milliseconds from a Unix time in seconds, milliseconds, microseconds or nanoseconds.
 * Nanosecond integers exceed 2^53 and arrive rounded from JSON.parse; a numeric string keeps
 * them exact, and either way the result is truncated to the millisecond.
 */
export function fromUnix(value: unknown, unit: 's' | 'ms' | 'us' | 'ns', what: string): number {
  if (typeof value === 'string' && /^\d+$/.test(value)) {
    const divisor = { s: 1n, ms: 1n, us: 1_000n, ns: 1_000_000n }[unit];
    const whole = BigInt(value);
    return unit === 's' ? Number(whole * 1000n) : Number(whole / divisor);
  }
  const number = toNumber(value, what);
  const ms = { s: number * 1000, ms: number, us: number / 1_000, ns: number / 1_000_000 }[unit];
  return Math.trunc(ms);
}

/**
 * Epoch milliseconds of a wall-clock time in a time zone ("2025-03-07 15:59:00" in
 * America/New_York), through the platform's time-zone database, so DST is right.
 */
export function zonedToEpoch(localDateTime: string, timeZone: string, what: string): number {
  const match = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?/.exec(localDateTime);
  if (match === null) {
    throw providerFailure(
      'malformed',
      `${what} is not a local date and time: ${JSON.stringify(localDateTime)}`,
    );
  }
  const [, date, hours, minutes, seconds] = match as unknown as [
    string,
    string,
    string,
    string,
    string | undefined,
  ];
  const midnight = midnightOf(date, timeZone);
  const wall = (Number(hours) * 3600 + Number(minutes) * 60 + Number(seconds ?? 0)) * 1000;
  // Midnight plus the wall-clock offset is wrong by an hour on DST days; re-anchor on the
  // zone's offset at the candidate instant.
  const candidate = midnight + wall;
  return candidate - (offsetMs(candidate, timeZone) - offsetMs(midnight, timeZone));
}

// Building an Intl.DateTimeFormat costs ~0.2 ms; a page of 5000 bars must not build 5000.
const offsetFormats = new Map<string, Intl.DateTimeFormat>();

// Offsets only change at DST transitions, which fall on whole hours in market time zones.
const offsetsByHour = new Map<string, number>();
const midnights = new Map<string, number>();

function midnightOf(date: string, timeZone: string): number {
  const key = `${timeZone}|${date}`;
  let midnight = midnights.get(key);
  if (midnight === undefined) {
    midnight = zonedMidnightUtc(date, timeZone);
    if (midnights.size > 10_000) midnights.clear();
    midnights.set(key, midnight);
  }
  return midnight;
}

function offsetMs(epochMs: number, timeZone: string): number {
  const key = `${timeZone}|${String(Math.floor(epochMs / 3_600_000))}`;
  let offset = offsetsByHour.get(key);
  if (offset === undefined) {
    offset = computeOffsetMs(epochMs, timeZone);
    if (offsetsByHour.size > 100_000) offsetsByHour.clear();
    offsetsByHour.set(key, offset);
  }
  return offset;
}

function computeOffsetMs(epochMs: number, timeZone: string): number {
  let format = offsetFormats.get(timeZone);
  if (format === undefined) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    offsetFormats.set(timeZone, format);
  }
  const parts = format.formatToParts(new Date(epochMs));
  const get = (type: string): number => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(
    get('year'),
    get('month') - 1,
    get('day'),
    get('hour'),
    get('minute'),
    get('second'),
  );
  return asUtc - Math.floor(epochMs / 1000) * 1000;
}

/** The contract timestamp of a daily bar: 00:00 New York on its trading date, as UTC. */
export function dailyBarTimestamp(tradingDate: string): string {
  return toIsoUtc(zonedMidnightUtc(tradingDate, newYork));
}

/** The New York trading date of an instant. */
export function newYorkDateOf(epochMs: number): string {
  return tradingDateOf(epochMs, newYork);
}
