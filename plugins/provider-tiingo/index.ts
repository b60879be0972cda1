import { definePlugin } from '../../core/plugins/define.js';
import { tiingoOptionsSchema, type TiingoOptions } from './options-schema.js';

/**
 * The `tiingo` provider: IEX quotes, end-of-day and intraday bars from api.tiingo.com. The
 * adapter is imported on create(), keeping manifest validation light.
 */
export default definePlugin<'provider', TiingoOptions>({
  kind: 'provider',
  name: 'tiingo',
  version: '0.1.0',
  core: '^0.1.0',
  description: 'Tiingo: IEX quotes in batches, daily and intraday bars (token in a header).',
  optionsSchema: tiingoOptionsSchema,
  async create(context, options) {
    const { createTiingoProvider } = await import('./tiingo-provider.js');
    return createTiingoProvider(context, options);
  },
});
