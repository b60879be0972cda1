import tiingo from '../../../plugins/provider-tiingo/index.js';
import type { TiingoOptions } from '../../../plugins/provider-tiingo/options-schema.js';
import type { FakeServer } from '../../helpers/fake-server.js';
import { useProviderHarness, type ProviderHarness } from '../../helpers/provider-harness.js';
import { startTiingoFake } from './fake-api.js';

/** The test clock: a Wednesday after the close, after the 2025-03-09 DST switch. */
export const nowMs = Date.parse('2025-03-12T21:00:00.000Z');

/** The key every tiingo test provider sends (it selects the fake's `ok` scenario). */
export const key = 'key-ok-0123456789abcdef';

/** The shared fake Tiingo for the suite, and free-plan providers on any server. */
export function useTiingoHarness(): ProviderHarness<TiingoOptions, FakeServer> {
  return useProviderHarness({
    plugin: tiingo,
    nowMs,
    startFake: startTiingoFake,
    optionsFor: (url) => ({
      apiKey: key,
      baseUrl: url,
      timeoutMs: 2000,
      plan: 'free',
      batchSize: 100,
      adjusted: false,
      afterHours: false,
    }),
  });
}
