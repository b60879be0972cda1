import type { ProviderCapabilities } from '../../core/plugins/types.js';
import type { PolygonPlan } from './options-schema.js';

/** How the aggregates endpoint names a bar size. */
export interface AggregateSpan {
  readonly multiplier: number;
  readonly timespan: 'minute' | 'hour' | 'day';
}

/** Bar sizes served, by contract name. */
export const polygonIntervals: Readonly<Record<string, AggregateSpan>> = {
  '1m': { multiplier: 1, timespan: 'minute' },
  '5m': { multiplier: 5, timespan: 'minute' },
  '15m': { multiplier: 15, timespan: 'minute' },
  '30m': { multiplier: 30, timespan: 'minute' },
  '1h': { multiplier: 1, timespan: 'hour' },
  '1d': { multiplier: 1, timespan: 'day' },
};

/**
 * Tickers per snapshot call. The API documents no maximum (the URL length is the cap); 250 is
 * the documented limit of the newer unified snapshot and keeps the URL near 2 KB.
 */
export const snapshotChunkSize = 250;

/**
 * Most base aggregates one range call covers (the API's `limit` maximum). They are the minutes
 * or days a bar is built from, so a chunk of hour bars this long takes a few `next_url` pages.
 */
export const aggregatesPageLimit = 50_000;

/** About two years of daily history on the free plan (third-party reports, not the spec). */
const basicHistoryDays = 730;

/**
 * What Polygon serves on a plan. The free plan has no snapshots, so a quote costs one `/prev`
 * call per symbol at 5 calls a minute; paid plans are unlimited, with a recommendation to stay
 * under 100 requests a second.
 */
export function polygonCapabilities(plan: PolygonPlan): ProviderCapabilities {
  const intradayIntervals = Object.keys(polygonIntervals).filter((i) => i !== '1d');
  if (plan === 'basic') {
    return {
      quote: true,
      maxSymbolsPerCall: 1,
      dailyBars: true,
      intradayIntervals,
      rateLimits: { perMinute: 5 },
      historyDays: basicHistoryDays,
      maxBarsPerCall: aggregatesPageLimit,
    };
  }
  return {
    quote: true,
    maxSymbolsPerCall: snapshotChunkSize,
    dailyBars: true,
    intradayIntervals,
    rateLimits: { perSecond: 100 },
    maxBarsPerCall: aggregatesPageLimit,
  };
}
