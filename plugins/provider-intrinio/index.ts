import { definePlugin } from '../../core/plugins/define.js';
import { intrinioOptionsSchema, type IntrinioOptions } from './options-schema.js';

/**
 * The `intrinio` provider: realtime prices and daily and intraday bars from Intrinio's
 * API v2. The adapter is imported on create(), keeping manifest validation light.
 */
export default definePlugin<'provider', IntrinioOptions>({
  kind: 'provider',
  name: 'intrinio',
  version: '0.1.0',
  core: '^0.1.0',
  description: 'Intrinio API v2: realtime prices by security or exchange, daily and intraday bars.',
  optionsSchema: intrinioOptionsSchema,
  async create(context, options) {
    const { createIntrinioProvider } = await import('./intrinio-provider.js');
    return createIntrinioProvider(context, options);
  },
});
