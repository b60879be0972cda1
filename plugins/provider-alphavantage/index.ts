import { definePlugin } from '../../core/plugins/define.js';
import { alphaVantageOptionsSchema, type AlphaVantageOptions } from './options-schema.js';

/**
 * The `alphavantage` provider: quotes and daily and intraday bars from Alpha Vantage. The
 * adapter is imported on create(), keeping manifest validation light.
 */
export default definePlugin<'provider', AlphaVantageOptions>({
  kind: 'provider',
  name: 'alphavantage',
  version: '0.1.0',
  core: '^0.1.0',
  description: 'Alpha Vantage: quotes, daily and intraday bars (free plan: 25 requests a day).',
  optionsSchema: alphaVantageOptionsSchema,
  async create(context, options) {
    const { createAlphaVantageProvider } = await import('./alphavantage-provider.js');
    return createAlphaVantageProvider(context, options);
  },
});
