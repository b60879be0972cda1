import { tradingDateOf } from '../../core/contract/time.js';
import type { Bar } from '../../core/contract/types.js';
import type {
  BarRequest,
  PluginContext,
  ProviderInstance,
  QuoteOutcome,
} from '../../core/plugins/types.js';
import { fetchBars } from './bars.js';
import { capabilitiesOf, usesBatch } from './capabilities.js';
import { createClient } from './client.js';
import type { FmpOptions } from './options-schema.js';
import { fetchQuotes, type BatchState } from './quotes.js';

/** An FMP provider: quotes and bars. */
export type FmpProvider = ProviderInstance & Required<Pick<ProviderInstance, 'fetchBars'>>;

/**
 * Creates the Financial Modeling Prep adapter for the `/stable` API: `/batch-quote` or
 * `/quote` for quotes, `/historical-price-eod/*` and `/historical-chart/*` for bars. Its only
 * state is whether `/batch-quote` is in use, which an `auto` instance turns off the first time
 * the plan refuses it.
 */
export function createFmpProvider(context: PluginContext, options: FmpOptions): FmpProvider {
  // An unknown time zone fails here (SP_ERR_CONTRACT_BAD_TIME), not at the first bar request.
  tradingDateOf(0, options.intradayTimeZone);
  const client = createClient(context, options);
  const batch: BatchState = {
    enabled: usesBatch(options),
    canFallBack: options.batchQuotes === 'auto',
  };

  return {
    capabilities: capabilitiesOf(options),

    fetchQuotes(symbols: readonly string[], signal?: AbortSignal): Promise<QuoteOutcome[]> {
      return fetchQuotes(client, batch, symbols, signal);
    },

    fetchBars(request: BarRequest, signal?: AbortSignal): Promise<Bar[]> {
      return fetchBars(client, request, options, signal);
    },
  };
}
