import { definePlugin } from '../../core/plugins/define.js';
import { alpacaOptionsSchema, type AlpacaOptions } from './options-schema.js';

/**
 * The `alpaca` provider: US stock quotes and bars from Alpaca Market Data (v2). The adapter is
 * imported on create(), keeping manifest validation light.
 */
export default definePlugin<'provider', AlpacaOptions>({
  kind: 'provider',
  name: 'alpaca',
  version: '0.1.0',
  core: '^0.1.0',
  description: 'US stock quotes (snapshots) and bars from Alpaca Market Data, IEX or SIP feed.',
  optionsSchema: alpacaOptionsSchema,
  async create(context, options) {
    const { createAlpacaProvider } = await import('./alpaca-provider.js');
    return createAlpacaProvider(context, options);
  },
});
