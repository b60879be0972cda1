import type { ProviderCapabilities } from '../../core/plugins/types.js';
import type { TiingoOptions } from './options-schema.js';

/** Contract bar intervals and Tiingo's `resampleFreq` for each intraday one. */
export const tiingoIntradayFrequencies: Readonly<Record<string, string>> = {
  '1m': '1min',
  '5m': '5min',
  '15m': '15min',
  '30m': '30min',
  '1h': '1hour',
  '4h': '4hour',
};

/** Every interval `fetchBars` accepts. */
export const tiingoIntervals: readonly string[] = ['1d', ...Object.keys(tiingoIntradayFrequencies)];

// Community-reported allowances (Tiingo's pricing page was not among our sources).
const limitsByPlan = {
  free: { perHour: 50, perDay: 1_000 },
  power: { perHour: 10_000, perDay: 100_000 },
} as const;

/** What a Tiingo instance can do on its plan. */
export function tiingoCapabilities(options: TiingoOptions): ProviderCapabilities {
  return {
    quote: true,
    maxSymbolsPerCall: options.batchSize,
    dailyBars: true,
    intradayIntervals: Object.keys(tiingoIntradayFrequencies),
    rateLimits: { ...limitsByPlan[options.plan] },
  };
}
