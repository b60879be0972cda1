import type { ProviderCapabilities } from '../../core/plugins/types.js';
import type { BarchartOptions } from './options-schema.js';

/** Contract bar intervals and OnDemand's `interval` (minutes) for each intraday one. */
export const barchartIntervalMinutes: Readonly<Record<string, number>> = {
  '1m': 1,
  '5m': 5,
  '15m': 15,
  '30m': 30,
  '1h': 60,
};

/** Every interval `fetchBars` accepts. */
export const barchartIntervals: readonly string[] = ['1d', ...Object.keys(barchartIntervalMinutes)];

/** Rows OnDemand returns at most per history call (its `maxRecords` default). */
export const barchartMaxRecords = 1000;

/**
 * What a Barchart instance can do. OnDemand is sold by contract: no public rate limits, so
 * none are declared (the contract's own figures belong in the runtime's settings).
 */
export function barchartCapabilities(options: BarchartOptions): ProviderCapabilities {
  return {
    quote: true,
    maxSymbolsPerCall: options.batchSize,
    dailyBars: true,
    intradayIntervals: Object.keys(barchartIntervalMinutes),
    rateLimits: {},
    maxBarsPerCall: barchartMaxRecords,
  };
}
