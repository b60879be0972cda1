import type { ProviderCapabilities } from '../../core/plugins/types.js';
import type { TwelveDataOptions, TwelveDataPlan } from './options-schema.js';

/**
 * Credits per minute of the smallest tier of each plan. Basic (8) and Grow 55 are documented;
 * the paid tiers above are our reading of the pricing page and only a floor: set
 * `creditsPerMinute` to the number in the plan's name.
 */
const smallestTierCredits: Readonly<Record<TwelveDataPlan, number>> = {
  basic: 8,
  grow: 55,
  pro: 610,
  ultra: 2584,
  enterprise: 10946,
};

/** The Basic plan's daily cap; paid plans have none (support article 5194820). */
export const basicDailyCredits = 800;

/**
 * Most symbols one comma-separated call carries. Twelve Data documents no maximum; about 120
 * is reported, and a longer list risks a 414 for the URL.
 */
export const maxBatchSymbols = 120;

/** Most rows one `/time_series` call returns (support article 5214728). */
export const maxOutputSize = 5000;

/** Contract intervals mapped to Twelve Data's `interval` names. */
export const intervalNames: Readonly<Record<string, string>> = {
  '1m': '1min',
  '5m': '5min',
  '15m': '15min',
  '30m': '30min',
  '45m': '45min',
  '1h': '1h',
  '2h': '2h',
  '4h': '4h',
  '8h': '8h',
  '1d': '1day',
};

/** The credits per minute the options give, or the plan's smallest tier. */
export function creditsPerMinuteOf(options: Pick<TwelveDataOptions, 'plan' | 'creditsPerMinute'>) {
  return options.creditsPerMinute ?? smallestTierCredits[options.plan];
}

/**
 * What the provider can do on the configured plan. Every symbol of a call costs one credit,
 * so a batch never carries more symbols than the plan's credits per minute: a larger one
 * would be refused as a whole. The rate limits count credits, which equal calls only for
 * single-symbol calls.
 */
export function capabilitiesOf(
  options: Pick<TwelveDataOptions, 'plan' | 'creditsPerMinute'>,
): ProviderCapabilities {
  const perMinute = creditsPerMinuteOf(options);
  return {
    quote: true,
    maxSymbolsPerCall: Math.min(maxBatchSymbols, perMinute),
    dailyBars: true,
    intradayIntervals: Object.keys(intervalNames).filter((interval) => interval !== '1d'),
    rateLimits: options.plan === 'basic' ? { perMinute, perDay: basicDailyCredits } : { perMinute },
    maxBarsPerCall: maxOutputSize,
    costPerSymbol: true,
  };
}
