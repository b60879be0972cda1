import type { Bar } from '../../core/contract/types.js';
import type {
  BarRequest,
  PluginContext,
  ProviderInstance,
  QuoteOutcome,
} from '../../core/plugins/types.js';
import { fetchTiingoBars } from './bars.js';
import { tiingoCapabilities } from './capabilities.js';
import type { TiingoOptions } from './options-schema.js';
import { fetchTiingoQuotes } from './quotes.js';
import { TiingoApi } from './tiingo-api.js';

/** A Tiingo provider instance: it always serves bars. */
export type TiingoProvider = ProviderInstance & Required<Pick<ProviderInstance, 'fetchBars'>>;

/**
 * Creates a Tiingo adapter: IEX quotes in batches, end-of-day bars from `/tiingo/daily` and
 * intraday bars resampled from IEX. Connections come from the kernel's pool, which closes them.
 */
export function createTiingoProvider(
  context: PluginContext,
  options: TiingoOptions,
): TiingoProvider {
  const api = new TiingoApi(context, options);
  return {
    capabilities: tiingoCapabilities(options),

    fetchQuotes(symbols: readonly string[], signal?: AbortSignal): Promise<QuoteOutcome[]> {
      return fetchTiingoQuotes(api, symbols, options.batchSize, signal);
    },

    fetchBars(request: BarRequest, signal?: AbortSignal): Promise<Bar[]> {
      return fetchTiingoBars(api, options, request, signal);
    },
  };
}
