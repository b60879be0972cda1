import type { PluginContext, ProviderInstance } from '../../core/plugins/types.js';
import { ProviderHttp } from '../../core/providers/index.js';
import type { PolygonApi } from './api.js';
import { fetchAggregateBars } from './bars.js';
import { polygonCapabilities } from './capabilities.js';
import type { PolygonOptions } from './options-schema.js';
import { fetchPreviousSessionQuotes, fetchSnapshotQuotes } from './quotes.js';

/** A Polygon provider: it always serves bars. */
export type PolygonProvider = ProviderInstance & Required<Pick<ProviderInstance, 'fetchBars'>>;

/**
 * Creates a Polygon (Massive) provider. The key goes in the `Authorization: Bearer` header
 * (or the `apiKey` query when `auth` is `query`) and is scrubbed from every URL and message.
 * The free plan quotes the previous session, paid plans the live snapshot.
 */
export function createPolygonProvider(
  context: PluginContext,
  options: PolygonOptions,
): PolygonProvider {
  const http = new ProviderHttp(context, {
    baseUrl: options.baseUrl,
    timeoutMs: options.timeoutMs,
    secrets: [options.apiKey],
    ...(options.auth === 'query'
      ? { query: { apiKey: options.apiKey } }
      : { headers: { authorization: `Bearer ${options.apiKey}` } }),
  });
  const api: PolygonApi = { http, options, clock: context.clock, log: context.log };

  return {
    capabilities: polygonCapabilities(options.plan),
    fetchQuotes: (symbols, signal) =>
      options.plan === 'basic'
        ? fetchPreviousSessionQuotes(api, symbols, signal)
        : fetchSnapshotQuotes(api, symbols, signal),
    fetchBars: (request, signal) => fetchAggregateBars(api, request, signal),
  };
}
