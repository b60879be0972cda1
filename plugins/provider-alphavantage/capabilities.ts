import type { ProviderCapabilities } from '../../core/plugins/types.js';
import type { AlphaVantageOptions, AlphaVantagePlan } from './options-schema.js';

/** Alpha Vantage `interval` of each contract intraday interval. */
export const alphaVantageIntervals: Readonly<Record<string, string>> = {
  '1m': '1min',
  '5m': '5min',
  '15m': '15min',
  '30m': '30min',
  '1h': '60min',
};

/** Most symbols REALTIME_BULK_QUOTES takes; it ignores the ones past it. */
export const bulkQuoteMax = 100;

/** Calendar days the 100 daily rows of `outputsize=compact` cover, rounded down. */
export const compactHistoryDays = 140;

/** Requests a minute of each premium plan; the free plan has a daily and a per-second cap. */
const perMinuteOf: Readonly<Record<Exclude<AlphaVantagePlan, 'free'>, number>> = {
  'premium-75': 75,
  'premium-150': 150,
  'premium-300': 300,
  'premium-600': 600,
  'premium-1200': 1200,
};

/**
 * What Alpha Vantage offers with these options. The free plan allows 25 requests a day and
 * one a second, and daily history only as the latest 100 rows (`outputsize=full` is premium);
 * premium plans have a per-minute limit, no daily cap and 20+ years of history.
 */
export function alphaVantageCapabilities(options: AlphaVantageOptions): ProviderCapabilities {
  const free = options.plan === 'free';
  return {
    quote: true,
    maxSymbolsPerCall: options.bulkQuotes ? bulkQuoteMax : 1,
    dailyBars: true,
    intradayIntervals: Object.keys(alphaVantageIntervals),
    rateLimits:
      options.plan === 'free'
        ? { perSecond: 1, perDay: 25 }
        : { perMinute: perMinuteOf[options.plan] },
    historyDays: free ? compactHistoryDays : 20 * 365,
  };
}
