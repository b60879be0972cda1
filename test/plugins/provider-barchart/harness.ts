import barchart from '../../../plugins/provider-barchart/index.js';
import type { BarchartOptions } from '../../../plugins/provider-barchart/options-schema.js';
import type { FakeReply, FakeServer } from '../../helpers/fake-server.js';
import { useProviderHarness, type ProviderHarness } from '../../helpers/provider-harness.js';
import { startBarchartFake } from './fake-api.js';

/** The test clock: a Wednesday after the close, after the 2025-03-09 DST switch. */
export const nowMs = Date.parse('2025-03-12T21:00:00.000Z');

/** The key every barchart test provider sends (it selects the fake's `ok` scenario). */
export const key = 'key-ok-barchart-0123456789';

/** The shared fake OnDemand for the suite, and providers on any server. */
export function useBarchartHarness(): ProviderHarness<BarchartOptions, FakeServer> {
  return useProviderHarness({
    plugin: barchart,
    nowMs,
    startFake: () => startBarchartFake(),
    optionsFor: (url) => ({
      apiKey: key,
      baseUrl: url,
      timeoutMs: 2000,
      batchSize: 100,
      adjusted: false,
    }),
  });
}

/** An OnDemand body with `status.code` and `results`, sent with HTTP 200. */
export function envelope(
  code: number | string,
  message: string,
  results: unknown = null,
): FakeReply {
  return { body: { status: { code, message }, results } };
}
