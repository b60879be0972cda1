import { toIsoUtc, zonedMidnightUtc } from '../../core/contract/time.js';
import {
  fromUnix,
  newYork,
  newYorkDateOf,
  providerFailure,
  toNullableNumber,
  toNumber,
} from '../../core/providers/index.js';

/** A price that must be there and be positive (bars). */
export function toPrice(value: unknown, what: string): number {
  const price = toNumber(value, what);
  if (price <= 0) throw providerFailure('malformed', `${what} is not a positive price: ${price}`);
  return price;
}

/**
 * A price that may be missing. Polygon fills a snapshot's day with zeros until the first trade
 * (it clears them at 03:30 New York), so zero means "not given", never a price of 0.
 */
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

/**
 * Epoch ms of a Unix time whose unit is read from its size: the spec gives snapshot times in
 * ns, older answers and client code show ms. Any instant after 1973 is told apart safely.
 */
export function fromUnixOfAnyUnit(value: unknown, what: string): number {
  const size = Math.abs(toNumber(value, what));
  const unit = size >= 1e17 ? 'ns' : size >= 1e14 ? 'us' : size >= 1e11 ? 'ms' : 's';
  return fromUnix(value, unit, what);
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
