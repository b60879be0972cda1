import type { Bar } from '../../core/contract/types.js';
import type {
  BarRequest,
  PluginContext,
  ProviderInstance,
  QuoteOutcome,
} from '../../core/plugins/types.js';
import { parseBarWindow, quoteEach } from '../../core/providers/index.js';
import { fetchFinnhubBars } from './bars.js';
import { finnhubCapabilities, finnhubResolutions } from './capabilities.js';
import { createFinnhubClient } from './finnhub-client.js';
import type { FinnhubOptions } from './options-schema.js';
import { fetchFinnhubQuote } from './quotes.js';

const providerName = 'finnhub';
// Finnhub has no batch quote; a few calls in flight keep a batch quick without bursting
// into its 30-calls-a-second cap.
const quoteConcurrency = 4;

/** A Finnhub provider, which always has fetchBars (the API decides what the plan allows). */
export type FinnhubProvider = ProviderInstance & Required<Pick<ProviderInstance, 'fetchBars'>>;

/**
 * Creates the Finnhub adapter: quotes from `/quote` (one call per symbol), bars from
 * `/stock/candle` on premium plans. The key travels in the X-Finnhub-Token header.
 */
export function createFinnhubProvider(
  context: PluginContext,
  options: FinnhubOptions,
): FinnhubProvider {
  const client = createFinnhubClient(context, options);
  const capabilities = finnhubCapabilities(options.plan);

  return {
    capabilities,

    async fetchQuotes(symbols: readonly string[], signal?: AbortSignal): Promise<QuoteOutcome[]> {
      const settings = {
        provider: providerName,
        currency: options.currency,
        nowMs: context.clock.now(),
      };
      const outcomes = await quoteEach(
        symbols,
        (symbol) => fetchFinnhubQuote(client, symbol, settings, signal),
        { concurrency: quoteConcurrency },
      );
      for (const { symbol, error } of outcomes) {
        if (error !== undefined) context.log.debug({ symbol, err: error }, 'quote failed');
      }
      context.log.debug({ symbols: symbols.length, calls: symbols.length }, 'quotes fetched');
      return outcomes;
    },

    async fetchBars(request: BarRequest, signal?: AbortSignal): Promise<Bar[]> {
      // Bars are asked of the API whatever the plan says: it answers a plan error when the key
      // lacks candles, and a key bought before candles became premium may still have them.
      const window = parseBarWindow(request, {
        provider: providerName,
        intervals: finnhubResolutions,
      });
      const settings = { provider: providerName, nowMs: context.clock.now() };
      const bars = await fetchFinnhubBars(client, window, settings, signal);
      context.log.debug(
        { symbol: request.symbol, interval: request.interval, bars: bars.length },
        'bars fetched',
      );
      return bars;
    },
  };
}
