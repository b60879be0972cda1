import type { Logger } from 'pino';
import type { JsonSchema, PluginContext } from '../../core/plugins/types.js';
import { ProviderHttp, readJson, type ProviderResponse } from '../../core/providers/index.js';
import { classifyBody } from './classify.js';
import type { FmpOptions, FmpPlan } from './options-schema.js';

/** Name of the provider on every record. */
export const providerName = 'fmp';

/** What the quote and bar readers share. */
export interface FmpClient {
  readonly http: ProviderHttp;
  readonly log: Logger;
  readonly plan: FmpPlan;
  now(): number;
}

/**
 * A client for the `/stable` API. FMP takes the key only as the `apikey` query parameter, so
 * every URL carries it: ProviderHttp scrubs it from each URL and message it reports.
 */
export function createClient(
  context: PluginContext,
  options: Pick<FmpOptions, 'apiKey' | 'baseUrl' | 'timeoutMs' | 'plan'>,
): FmpClient {
  const http = new ProviderHttp(context, {
    baseUrl: options.baseUrl,
    timeoutMs: options.timeoutMs,
    query: { apikey: options.apiKey },
    secrets: [options.apiKey],
  });
  return { http, log: context.log, plan: options.plan, now: () => context.clock.now() };
}

/** Reads an FMP body: its error texts first (under any status), then the status, then the schema. */
// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- T names the shape the schema guarantees
export function readBody<T>(
  client: FmpClient,
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
    classifyBody: classifyBody({ what, nowMs, plan: client.plan, scrub }),
  });
}
