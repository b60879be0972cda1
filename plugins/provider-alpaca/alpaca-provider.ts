import type { PluginContext, ProviderInstance } from '../../core/plugins/types.js';
import { ProviderHttp } from '../../core/providers/index.js';
import type { AlpacaApi } from './api.js';
import { fetchBars } from './bars.js';
import { alpacaCapabilities } from './capabilities.js';
import type { AlpacaOptions } from './options-schema.js';
import { fetchSnapshotQuotes } from './quotes.js';

/** An Alpaca provider: it always serves bars. */
export type AlpacaProvider = ProviderInstance & Required<Pick<ProviderInstance, 'fetchBars'>>;

/**
 * Creates an Alpaca Market Data provider. Both credentials go in the headers Alpaca reads
 * (`APCA-API-KEY-ID`, `APCA-API-SECRET-KEY`), never in a URL, and are scrubbed from every
 * message. Quotes and bars come from the configured feed.
 */
export function createAlpacaProvider(
  context: PluginContext,
  options: AlpacaOptions,
): AlpacaProvider {
  const http = new ProviderHttp(context, {
    baseUrl: options.baseUrl,
    timeoutMs: options.timeoutMs,
    headers: { 'apca-api-key-id': options.keyId, 'apca-api-secret-key': options.secretKey },
    // Longest first: were one a part of the other, scrubbing the short one first would leave
    // the rest of the long one readable.
    secrets: [options.keyId, options.secretKey].sort((a, b) => b.length - a.length),
  });
  const api: AlpacaApi = { http, options, clock: context.clock, log: context.log };

  return {
    capabilities: alpacaCapabilities(options.plan),
    fetchQuotes: (symbols, signal) => fetchSnapshotQuotes(api, symbols, signal),
    fetchBars: (request, signal) => fetchBars(api, request, signal),
  };
}
