import { providerFailure } from './failure.js';
import { toNullableNumber, toNumber } from './values.js';

/**
 * A value when it is above zero, else null. Many APIs write 0 for "not given": a side of the
 * book that is empty, a day's fields before the first trade, an unknown symbol's price. No
 * listed stock trades at 0, so zero (or less) is never read as a price.
 */
export function keepPositive(value: number | null | undefined): number | null {
  return typeof value === 'number' && value > 0 ? value : null;
}

/** A price that must be there and be positive (a bar's open, high, low, close). */
export function toPrice(value: unknown, what: string): number {
  const price = toNumber(value, what);
  if (price <= 0) throw providerFailure('malformed', `${what} is not a positive price: ${price}`);
  return price;
}

/**
 * A price that may be missing: null, undefined, an empty text or zero all mean "not given"
 * (see {@link keepPositive}); anything else that is not a number is `malformed`.
 */
export function toOptionalPrice(value: unknown, what: string): number | null {
  return keepPositive(toNullableNumber(value, what));
}

/** A volume that may be missing (null); a negative volume is `malformed`. */
export function toOptionalVolume(value: unknown, what: string): number | null {
  const volume = toNullableNumber(value, what);
  if (volume !== null && volume < 0)
    throw providerFailure('malformed', `${what} is a negative volume: ${volume}`);
  return volume;
}
