import { StockpollerError } from '../errors/index.js';
import type { ProviderCapabilities } from '../plugins/types.js';

/** The windows a provider can declare a limit for, named as a `rate_limited` failure's quota. */
export type RateWindowName = 'second' | 'minute' | 'hour' | 'day';

/** Length of each window in milliseconds. */
export const rateWindowMs: Readonly<Record<RateWindowName, number>> = {
  second: 1000,
  minute: 60_000,
  hour: 3_600_000,
  day: 86_400_000,
};

/** One sliding window: at most `limit` call units may start in any `windowMs` span. */
export interface RateWindow {
  readonly name: RateWindowName;
  readonly limit: number;
  readonly windowMs: number;
}

/** The declared limits, keyed as in {@link ProviderCapabilities.rateLimits}. */
export type RateLimits = ProviderCapabilities['rateLimits'];

/**
 * Per-window overrides of the declared limits: a number replaces the provider's figure (a
 * paid plan allows more, a shared key less), `null` drops that window altogether.
 */
export type RateLimitOverrides = { readonly [K in keyof RateLimits]?: number | null };

const keyOfWindow: Readonly<Record<RateWindowName, keyof RateLimits>> = {
  second: 'perSecond',
  minute: 'perMinute',
  hour: 'perHour',
  day: 'perDay',
};

/**
 * The windows a limiter enforces: the provider's declared limits with `overrides` applied,
 * shortest window first. Throws SP_ERR_CONFIG_BAD_VALUE for a limit that is not a positive
 * integer, since a fractional or zero budget would either stall every caller or mean nothing.
 */
export function resolveRateWindows(
  declared: RateLimits,
  overrides: RateLimitOverrides = {},
): RateWindow[] {
  const windows: RateWindow[] = [];
  for (const name of Object.keys(rateWindowMs) as RateWindowName[]) {
    const key = keyOfWindow[name];
    const limit = key in overrides ? overrides[key] : declared[key];
    if (limit === undefined || limit === null) continue;
    if (!Number.isInteger(limit) || limit <= 0) {
      throw new StockpollerError(
        'SP_ERR_CONFIG_BAD_VALUE',
        `rate limit ${key} is ${limit}; it must be a positive whole number`,
        `set ${key} to the number of calls the plan allows, or null to drop the window`,
      );
    }
    windows.push({ name, limit, windowMs: rateWindowMs[name] });
  }
  return windows;
}
