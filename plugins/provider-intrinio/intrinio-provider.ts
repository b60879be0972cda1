import type { Bar } from '../../core/contract/types.js';
import type {
  BarRequest,
  PluginContext,
  ProviderInstance,
  QuoteOutcome,
} from '../../core/plugins/types.js';
import { fetchIntrinioBars } from './bars.js';
import { intrinioCapabilities } from './capabilities.js';
import { IntrinioApi } from './intrinio-api.js';
import type { IntrinioOptions } from './options-schema.js';
import { fetchIntrinioQuotes } from './quotes.js';

/** An Intrinio provider instance: it always serves bars. */
export type IntrinioProvider = ProviderInstance & Required<Pick<ProviderInstance, 'fetchBars'>>;

/**
 * Creates an Intrinio adapter: realtime prices (one security, or a batch by exchange),
 * daily summaries and intraday intervals, all paged by `next_page` tokens.
 */
export function createIntrinioProvider(
  context: PluginContext,
  options: IntrinioOptions,
): IntrinioProvider {
  const api = new IntrinioApi(context, options);
  return {
    capabilities: intrinioCapabilities,

    fetchQuotes(symbols: readonly string[], signal?: AbortSignal): Promise<QuoteOutcome[]> {
      return fetchIntrinioQuotes(api, options, symbols, signal);
    },

    fetchBars(request: BarRequest, signal?: AbortSignal): Promise<Bar[]> {
      return fetchIntrinioBars(api, options.adjusted, request, signal);
    },
  };
}
