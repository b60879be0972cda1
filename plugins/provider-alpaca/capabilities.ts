import type { ProviderCapabilities } from '../../core/plugins/types.js';
import type { AlpacaOptions } from './options-schema.js';

/** Bar sizes served, by contract name, as Alpaca's `timeframe`. */
export const alpacaTimeframes: Readonly<Record<string, string>> = {
  '1m': '1Min',
  '5m': '5Min',
  '15m': '15Min',
  '30m': '30Min',
  '1h': '1Hour',
  '1d': '1Day',
};

/**
 * Symbols per snapshot call. Alpaca documents no maximum; 100 keeps URLs short and still
 * covers 20,000 symbols a minute on the free plan.
 */
export const snapshotChunkSize = 100;

/** Rows per bar page: the API's maximum `limit`. */
export const barPageLimit = 10_000;

/** What Alpaca serves on a plan: the free plan has 200 calls a minute, Algo Trader Plus 10,000. */
export function alpacaCapabilities(plan: AlpacaOptions['plan']): ProviderCapabilities {
  return {
    quote: true,
    maxSymbolsPerCall: snapshotChunkSize,
    dailyBars: true,
    intradayIntervals: Object.keys(alpacaTimeframes).filter((i) => i !== '1d'),
    rateLimits: { perMinute: plan === 'basic' ? 200 : 10_000 },
    maxBarsPerCall: barPageLimit,
  };
}
