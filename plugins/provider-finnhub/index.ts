import { definePlugin } from '../../core/plugins/define.js';
import { finnhubOptionsSchema, type FinnhubOptions } from './options-schema.js';

/**
 * The `finnhub` provider: quotes from Finnhub's REST API (one call per symbol) and, on
 * premium plans, candles. The adapter is imported on create(), keeping validation light.
 */
export default definePlugin<'provider', FinnhubOptions>({
  kind: 'provider',
  name: 'finnhub',
  version: '0.1.0',
  core: '^0.1.0',
  description: 'Finnhub REST API: quotes (one call per symbol) and premium candles.',
  optionsSchema: finnhubOptionsSchema,
  async create(context, options) {
    const { createFinnhubProvider } = await import('./finnhub-provider.js');
    return createFinnhubProvider(context, options);
  },
});
