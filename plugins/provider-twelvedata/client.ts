import type { Logger } from 'pino';
import type { JsonSchema, PluginContext } from '../../core/plugins/types.js';
import { ProviderHttp, readJson, type ProviderResponse } from '../../core/providers/index.js';
import { classifyBody } from './classify.js';
import type { TwelveDataOptions } from './options-schema.js';

/** Name of the provider on every record. */
export const providerName = 'twelvedata';

/** What the quote and bar readers share: the HTTP client, the log and the clock. */
export interface TwelveDataClient {
  readonly http: ProviderHttp;
  readonly log: Logger;
  now(): number;
}

/**
 * A client that sends the key the way the OpenAPI spec prefers, in the Authorization header,
 * so it never appears in a URL, and scrubs it from every message all the same.
 */
export function createClient(
  context: PluginContext,
  options: Pick<TwelveDataOptions, 'apiKey' | 'baseUrl' | 'timeoutMs'>,
): TwelveDataClient {
  const http = new ProviderHttp(context, {
    baseUrl: options.baseUrl,
    timeoutMs: options.timeoutMs,
    headers: { authorization: `apikey ${options.apiKey}` },
    secrets: [options.apiKey],
  });
  return { http, log: context.log, now: () => context.clock.now() };
}

/**
 * Reads a Twelve Data body: error bodies (under any status) first, then the status, then
 * the endpoint's schema.
 */
// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- T names the shape the schema guarantees
export function readBody<T>(
  client: TwelveDataClient,
  response: ProviderResponse,
  what: string,
  schema: JsonSchema,
): T {
  const nowMs = client.now();
  const scrub = (text: string): string => client.http.scrub(text);
  return readJson<T>(response, {
    what,
    schema,
    nowMs,
    classifyBody: classifyBody({ what, nowMs, scrub }),
  });
}
