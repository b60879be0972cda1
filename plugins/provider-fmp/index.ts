import { definePlugin } from '../../core/plugins/define.js';
import { fmpOptionsSchema, type FmpOptions } from './options-schema.js';

/**
 * The `fmp` provider: quotes and bars from the Financial Modeling Prep `/stable` API. The
 * adapter is imported on create(), keeping manifest validation light.
 */
export default definePlugin<'provider', FmpOptions>({
  kind: 'provider',
  name: 'fmp',
  version: '0.1.0',
  core: '^0.1.0',
  description: 'Financial Modeling Prep /stable API: quotes, daily and intraday bars (API key).',
  optionsSchema: fmpOptionsSchema,
  async create(context, options) {
    const { createFmpProvider } = await import('./fmp-provider.js');
    return createFmpProvider(context, options);
  },
});
