import fmp from '../../../plugins/provider-fmp/index.js';
import type { FakeServer } from '../../helpers/fake-server.js';
import { optionsOf, ProviderOpener, type OpenedProvider } from '../../helpers/provider-harness.js';
import { nowMs } from './fixtures.js';

const opener = new ProviderOpener(fmp, nowMs);

/**
 * Creates the provider against the fake's `/stable` API with key `apiKey` and extra options,
 * the defaults filled in as the kernel would.
 */
export function openProvider(
  server: FakeServer,
  apiKey: string,
  extra: Record<string, unknown> = {},
): Promise<OpenedProvider> {
  return opener.open(optionsOf(fmp, { apiKey, baseUrl: `${server.url}/stable`, ...extra }));
}

/** Closes the HTTP pools of every provider opened so far. */
export function closeProviders(): Promise<void> {
  return opener.closeAll();
}
