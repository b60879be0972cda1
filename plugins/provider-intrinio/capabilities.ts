import type { ProviderCapabilities } from '../../core/plugins/types.js';

/** Contract bar intervals and Intrinio's `interval_size` for each intraday one. */
export const intrinioIntervalSizes: Readonly<Record<string, string>> = {
  '1m': '1m',
  '5m': '5m',
  '10m': '10m',
  '15m': '15m',
  '30m': '30m',
  '1h': '1h',
};

/** Every interval `fetchBars` accepts. */
export const intrinioIntervals: readonly string[] = ['1d', ...Object.keys(intrinioIntervalSizes)];

/** Most rows of one page without the bulk entitlement; also the batch quote size. */
export const intrinioPageSize = 100;

/**
 * What an Intrinio instance can do. Limits depend on the subscription; the one documented
 * for every account is 100 requests a second for free feeds (paid plans see theirs on the
 * account page, and a 429 with Retry-After covers the rest).
 */
export const intrinioCapabilities: ProviderCapabilities = {
  quote: true,
  maxSymbolsPerCall: intrinioPageSize,
  dailyBars: true,
  intradayIntervals: Object.keys(intrinioIntervalSizes),
  rateLimits: { perSecond: 100 },
  maxBarsPerCall: intrinioPageSize,
};
