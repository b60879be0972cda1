import type { Bar } from '../../core/contract/types.js';
import type {
  BarRequest,
  PluginContext,
  ProviderInstance,
  QuoteOutcome,
} from '../../core/plugins/types.js';
import { fetchBars } from './bars.js';
import { capabilitiesOf } from './capabilities.js';
import { createClient } from './client.js';
import type { TwelveDataOptions } from './options-schema.js';
import { fetchQuotes } from './quotes.js';

/** A Twelve Data provider: quotes and bars. */
export type TwelveDataProvider = ProviderInstance & Required<Pick<ProviderInstance, 'fetchBars'>>;

/**
 * Creates the Twelve Data adapter: `/quote` for quotes (comma-separated batches, one credit
 * per symbol) and `/time_series` for daily and intraday bars. Holds no state besides the
 * kernel's keep-alive pool, which the kernel closes.
 */
export function createTwelveDataProvider(
  context: PluginContext,
  options: TwelveDataOptions,
): TwelveDataProvider {
  const client = createClient(context, options);
  const capabilities = capabilitiesOf(options);

  return {
    capabilities,

    fetchQuotes(symbols: readonly string[], signal?: AbortSignal): Promise<QuoteOutcome[]> {
      return fetchQuotes(client, symbols, capabilities.maxSymbolsPerCall, signal);
    },

    fetchBars(request: BarRequest, signal?: AbortSignal): Promise<Bar[]> {
      return fetchBars(client, request, options.adjust, signal);
    },
  };
}
