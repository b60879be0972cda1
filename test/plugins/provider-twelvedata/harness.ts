import type { ProviderInstance, RateGate } from '../../../core/plugins/types.js';
import twelvedata from '../../../plugins/provider-twelvedata/index.js';
import type { FakeServer } from '../../helpers/fake-server.js';
import { optionsOf, ProviderOpener, type OpenedProvider } from '../../helpers/provider-harness.js';
import { nowMs } from './fixtures.js';

const opener = new ProviderOpener(twelvedata, nowMs);

/** The provider against `server` with key `apiKey` and extra options, defaults filled in. */
export function openProvider(
  server: FakeServer,
  apiKey: string,
  extra: Record<string, unknown> = {},
): Promise<OpenedProvider> {
  return opener.open(optionsOf(twelvedata, { apiKey, baseUrl: server.url, ...extra }));
}

/** The provider on `server` whose requests take their cost from `rateLimit`. */
export async function openProviderGated(
  server: FakeServer,
  apiKey: string,
  rateLimit: RateGate,
): Promise<ProviderInstance> {
  const recording = opener.record();
  const options = optionsOf(twelvedata, { apiKey, baseUrl: server.url });
  return twelvedata.create({ ...recording.context, rateLimit }, options);
}

/** Closes the HTTP pools of every provider opened so far. */
export function closeProviders(): Promise<void> {
  return opener.closeAll();
}
