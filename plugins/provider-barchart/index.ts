import { definePlugin } from '../../core/plugins/define.js';
import { barchartOptionsSchema, type BarchartOptions } from './options-schema.js';

/**
 * The `barchart` provider: quotes and daily and minute history from Barchart OnDemand (a
 * paid, contract-based API). The adapter is imported on create(), keeping validation light.
 */
export default definePlugin<'provider', BarchartOptions>({
  kind: 'provider',
  name: 'barchart',
  version: '0.1.0',
  core: '^0.1.0',
  description: 'Barchart OnDemand: batch quotes, daily and minute history (key in the query).',
  optionsSchema: barchartOptionsSchema,
  async create(context, options) {
    const { createBarchartProvider } = await import('./barchart-provider.js');
    return createBarchartProvider(context, options);
  },
});
