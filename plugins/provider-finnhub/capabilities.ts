import type { ProviderCapabilities } from '../../core/plugins/types.js';
import type { FinnhubPlan } from './options-schema.js';

/** Finnhub `resolution` of each contract interval served by `/stock/candle`. */
export const finnhubResolutions: Readonly<Record<string, string>> = {
  '1m': '1',
  '5m': '5',
  '15m': '15',
  '30m': '30',
  '1h': '60',
  '1d': 'D',
};

const intradayIntervals = ['1m', '5m', '15m', '30m', '1h'] as const;

/**
 * What Finnhub offers on a plan. There is no batch quote (one call per symbol), candles are
 * premium, and every plan has a cap of 30 calls a second on top of its per-minute limit; the
 * free plan's is 60 a minute, with no daily limit. Paid per-minute limits vary by subscription
 * and are not declared.
 */
export function finnhubCapabilities(plan: FinnhubPlan): ProviderCapabilities {
  const premium = plan === 'premium';
  return {
    quote: true,
    maxSymbolsPerCall: 1,
    dailyBars: premium,
    intradayIntervals: premium ? intradayIntervals : [],
    rateLimits: premium ? { perSecond: 30 } : { perSecond: 30, perMinute: 60 },
  };
}
