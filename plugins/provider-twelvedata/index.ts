import { definePlugin } from '../../core/plugins/define.js';
import { twelveDataOptionsSchema, type TwelveDataOptions } from './options-schema.js';

/**
 * The `twelvedata` provider: quotes and bars from the Twelve Data REST API. The adapter is
 * imported on create(), keeping manifest validation light.
 */
export default definePlugin<'provider', TwelveDataOptions>({
  kind: 'provider',
  name: 'twelvedata',
  version: '0.1.0',
  core: '^0.1.0',
  description: 'Twelve Data REST API: batch quotes, daily and intraday bars (API key).',
  optionsSchema: twelveDataOptionsSchema,
  async create(context, options) {
    const { createTwelveDataProvider } = await import('./twelvedata-provider.js');
    return createTwelveDataProvider(context, options);
  },
});
