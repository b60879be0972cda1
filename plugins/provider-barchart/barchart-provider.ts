import type { Bar } from '../../core/contract/types.js';
import type {
  BarRequest,
  PluginContext,
  ProviderInstance,
  QuoteOutcome,
} from '../../core/plugins/types.js';
import { BarchartApi } from './barchart-api.js';
import { fetchBarchartBars } from './bars.js';
import { barchartCapabilities } from './capabilities.js';
import type { BarchartOptions } from './options-schema.js';
import { fetchBarchartQuotes } from './quotes.js';

/** A Barchart provider instance: it always serves bars. */
export type BarchartProvider = ProviderInstance & Required<Pick<ProviderInstance, 'fetchBars'>>;

/** Creates a Barchart OnDemand adapter: batch quotes, daily and minute history. */
export function createBarchartProvider(
  context: PluginContext,
  options: BarchartOptions,
): BarchartProvider {
  const api = new BarchartApi(context, options);
  return {
    capabilities: barchartCapabilities(options),

    fetchQuotes(symbols: readonly string[], signal?: AbortSignal): Promise<QuoteOutcome[]> {
      return fetchBarchartQuotes(api, symbols, options.batchSize, signal);
    },

    fetchBars(request: BarRequest, signal?: AbortSignal): Promise<Bar[]> {
      return fetchBarchartBars(api, options.adjusted, request, signal);
    },
  };
}
