import intrinio from '../../../plugins/provider-intrinio/index.js';
import type { IntrinioOptions } from '../../../plugins/provider-intrinio/options-schema.js';
import type { FakeServer } from '../../helpers/fake-server.js';
import { useProviderHarness, type ProviderHarness } from '../../helpers/provider-harness.js';
import { startIntrinioFake } from './fake-api.js';

/** The test clock: a Wednesday after the close, after the 2025-03-09 DST switch. */
export const nowMs = Date.parse('2025-03-12T21:00:00.000Z');

/** The key every intrinio test provider sends (it selects the fake's `ok` scenario). */
export const key = 'key-ok-intrinio-0123456789';

/** The shared fake Intrinio for the suite (2 quotes a page), and providers on any server. */
export function useIntrinioHarness(): ProviderHarness<IntrinioOptions, FakeServer> {
  return useProviderHarness({
    plugin: intrinio,
    nowMs,
    startFake: () => startIntrinioFake({ quotePageCap: 2 }),
    optionsFor: (url) => ({
      apiKey: key,
      baseUrl: url,
      timeoutMs: 2000,
      sendKeyAs: 'header',
      exchange: 'USCOMP',
      adjusted: false,
    }),
  });
}
