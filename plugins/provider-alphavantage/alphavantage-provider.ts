import type { Bar } from '../../core/contract/types.js';
import type {
  BarRequest,
  PluginContext,
  ProviderInstance,
  QuoteOutcome,
} from '../../core/plugins/types.js';
import { parseBarWindow, quoteEach } from '../../core/providers/index.js';
import { createAlphaVantageClient } from './alphavantage-client.js';
import { fetchAlphaVantageBars } from './bars.js';
import { fetchAllInBulk } from './bulk-quotes.js';
import { alphaVantageCapabilities } from './capabilities.js';
import type { AlphaVantageOptions } from './options-schema.js';
import { fetchGlobalQuote } from './quotes.js';

const providerName = 'alphavantage';

/** An Alpha Vantage provider, which always serves bars. */
export type AlphaVantageProvider = ProviderInstance & Required<Pick<ProviderInstance, 'fetchBars'>>;

/**
 * Creates the Alpha Vantage adapter: quotes from GLOBAL_QUOTE (one call per symbol) or, when
 * `bulkQuotes` is on, REALTIME_BULK_QUOTES (100 a call); daily and intraday bars from the
 * TIME_SERIES functions. Every call goes to `/query` with the key as `apikey=`.
 */
export function createAlphaVantageProvider(
  context: PluginContext,
  options: AlphaVantageOptions,
): AlphaVantageProvider {
  const client = createAlphaVantageClient(context, options);
  const capabilities = alphaVantageCapabilities(options);
  const intervals = ['1d', ...capabilities.intradayIntervals];
  // The free plan allows one call a second: one at a time there, a few at once on premium.
  const concurrency = options.plan === 'free' ? 1 : 4;

  return {
    capabilities,

    async fetchQuotes(symbols: readonly string[], signal?: AbortSignal): Promise<QuoteOutcome[]> {
      const settings = {
        provider: providerName,
        currency: options.currency,
        nowMs: context.clock.now(),
      };
      const outcomes = options.bulkQuotes
        ? await fetchAllInBulk(client, symbols, settings, signal)
        : await quoteEach(symbols, (symbol) => fetchGlobalQuote(client, symbol, settings, signal), {
            concurrency,
          });
      for (const { symbol, error } of outcomes) {
        if (error !== undefined) context.log.debug({ symbol, err: error }, 'quote failed');
      }
      context.log.debug({ symbols: symbols.length }, 'quotes fetched');
      return outcomes;
    },

    async fetchBars(request: BarRequest, signal?: AbortSignal): Promise<Bar[]> {
      const window = parseBarWindow(request, { provider: providerName, intervals });
      const settings = {
        provider: providerName,
        nowMs: context.clock.now(),
        plan: options.plan,
        adjusted: options.adjusted,
        extendedHours: options.extendedHours,
      };
      const bars = await fetchAlphaVantageBars(client, window, settings, signal);
      context.log.debug(
        { symbol: request.symbol, interval: request.interval, bars: bars.length },
        'bars fetched',
      );
      return bars;
    },
  };
}
