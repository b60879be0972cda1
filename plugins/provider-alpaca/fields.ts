import { toIsoUtc, zonedMidnightUtc } from '../../core/contract/time.js';
import {
  newYork,
  newYorkDateOf,
  providerFailure,
  toNullableNumber,
  toNumber,
} from '../../core/providers/index.js';

const rfc3339 = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:\d{2})$/i;

/**
 * Epoch ms of an RFC-3339 time as Alpaca writes it (`2025-03-12T14:59:59.123456789Z`): the
 * fraction, up to nanoseconds, is truncated to the millisecond rather than rounded, so a
 * trade never moves into the next millisecond.
 */
export function epochMsOfRfc3339(value: unknown, what: string): number {
  const match = typeof value === 'string' ? rfc3339.exec(value) : null;
  const [, date, time, fraction = '', zone] = match ?? [];
  const ms = (fraction + '000').slice(0, 3);
  const epochMs = match === null ? Number.NaN : Date.parse(`${date}T${time}.${ms}${zone}`);
  if (Number.isNaN(epochMs)) {
    const shown = value === undefined ? 'undefined' : JSON.stringify(value);
    throw providerFailure('malformed', `${what} is not an RFC-3339 time: ${shown}`);
  }
  return epochMs;
}

/** A price that must be there and be positive (bars). */
export function toPrice(value: unknown, what: string): number {
  const price = toNumber(value, what);
  if (price <= 0) throw providerFailure('malformed', `${what} is not a positive price: ${price}`);
  return price;
}

/** A price that may be missing; Alpaca writes 0 for a side of the book that is empty. */
export function optionalPrice(value: unknown, what: string): number | null {
  const price = toNullableNumber(value, what);
  return price === null || price <= 0 ? null : price;
}

/** A volume that may be missing; negative volumes are malformed. */
export function optionalVolume(value: unknown, what: string): number | null {
  const volume = toNullableNumber(value, what);
  if (volume !== null && volume < 0)
    throw providerFailure('malformed', `${what} is a negative volume: ${volume}`);
  return volume;
}

const closeCache = new Map<string, number>();
const eightHoursMs = 8 * 3_600_000;

/**
 * Epoch ms of 16:00 New York on a trading date: when the regular session closes. It is 8 hours
 * before the next day's midnight, which is exact on every day, since New York changes clocks
 * at 02:00. Cached by date: a batch of quotes shares one or two dates.
 */
export function sessionCloseMs(tradingDate: string, what: string): number {
  let closeMs = closeCache.get(tradingDate);
  if (closeMs === undefined) {
    const nextDayMs = Date.parse(`${tradingDate}T00:00:00Z`) + 86_400_000;
    if (Number.isNaN(nextDayMs))
      throw providerFailure('malformed', `${what}: no date ${tradingDate}`);
    closeMs = zonedMidnightUtc(toIsoUtc(nextDayMs).slice(0, 10), newYork) - eightHoursMs;
    if (closeCache.size >= 64) closeCache.clear();
    closeCache.set(tradingDate, closeMs);
  }
  return closeMs;
}

const dateByHour = new Map<number, string>();
const hourMs = 3_600_000;

/**
 * The New York date of an instant, cached by UTC hour: New York's midnights and clock changes
 * fall on whole UTC hours, so every instant of one UTC hour has the same New York date. The
 * toolkit's newYorkDateOf formats through Intl each time, which costs more than the rest of
 * mapping a quote.
 */
export function newYorkDateAt(epochMs: number): string {
  const hour = Math.floor(epochMs / hourMs);
  let date = dateByHour.get(hour);
  if (date === undefined) {
    date = newYorkDateOf(epochMs);
    if (dateByHour.size >= 4096) dateByHour.clear();
    dateByHour.set(hour, date);
  }
  return date;
}
