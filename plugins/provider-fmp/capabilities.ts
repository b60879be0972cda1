import type { ProviderCapabilities } from '../../core/plugins/types.js';
import type { FmpOptions, FmpPlan } from './options-schema.js';

/** Documented call limits of each plan (FMP pricing page, as reported). */
const planLimits: Readonly<Record<FmpPlan, ProviderCapabilities['rateLimits']>> = {
  basic: { perDay: 250 },
  starter: { perMinute: 300 },
  premium: { perMinute: 750 },
  ultimate: { perMinute: 3000 },
};

/**
 * Symbols per `/batch-quote` call. FMP documents no maximum; 100 keeps the URL short and the
 * answer small.
 */
export const maxBatchSymbols = 100;

/** Contract intervals mapped to the `/historical-chart/{interval}` path segment. */
export const intradayPaths: Readonly<Record<string, string>> = {
  '1m': '1min',
  '5m': '5min',
  '15m': '15min',
  '30m': '30min',
  '1h': '1hour',
  '4h': '4hour',
};

/** True when quotes start out on `/batch-quote`. Basic plans quote one symbol per call. */
export function usesBatch(options: Pick<FmpOptions, 'plan' | 'batchQuotes'>): boolean {
  return (
    options.batchQuotes === 'always' || (options.batchQuotes === 'auto' && options.plan !== 'basic')
  );
}

/** What the provider can do on the configured plan. */
export function capabilitiesOf(
  options: Pick<FmpOptions, 'plan' | 'batchQuotes'>,
): ProviderCapabilities {
  return {
    quote: true,
    maxSymbolsPerCall: usesBatch(options) ? maxBatchSymbols : 1,
    dailyBars: true,
    intradayIntervals: Object.keys(intradayPaths),
    rateLimits: planLimits[options.plan],
  };
}
