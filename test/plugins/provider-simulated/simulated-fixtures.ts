import type { SimulatedOptions } from '../../../plugins/provider-simulated/options-schema.js';
import {
  createSimulatedProvider,
  type SimulatedProvider,
} from '../../../plugins/provider-simulated/simulated-provider.js';
import { createTestContext, type TestContext } from '../../helpers/plugin-context.js';

/** The options the kernel would pass after applying the schema defaults. */
export const defaultOptions: SimulatedOptions = {
  seed: 42,
  volatility: 0.3,
  currency: 'USD',
  unknownSymbols: [],
};

/** A simulated provider and the context whose clock drives it. */
export interface SimulatedSetup {
  readonly provider: SimulatedProvider;
  readonly context: TestContext;
}

/** Creates a provider with `overrides` over the default options, its clock at `now`. */
export function setUpSimulated(
  now: string,
  overrides: Partial<SimulatedOptions> = {},
): SimulatedSetup {
  const context = createTestContext({ now });
  return {
    provider: createSimulatedProvider(context, { ...defaultOptions, ...overrides }),
    context,
  };
}
