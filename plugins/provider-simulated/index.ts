import { definePlugin } from '../../core/plugins/define.js';
import { simulatedOptionsSchema, type SimulatedOptions } from './options-schema.js';

/**
 * The `simulated` provider: deterministic offline market data, for demos, tests and
 * benchmarks. The model itself is imported on create(), keeping manifest validation light.
 */
export default definePlugin<'provider', SimulatedOptions>({
  kind: 'provider',
  name: 'simulated',
  version: '0.1.0',
  core: '^0.1.0',
  description: 'Offline, deterministic simulated quotes and bars (no network).',
  optionsSchema: simulatedOptionsSchema,
  async create(context, options) {
    const { createSimulatedProvider } = await import('./simulated-provider.js');
    return createSimulatedProvider(context, options);
  },
});
