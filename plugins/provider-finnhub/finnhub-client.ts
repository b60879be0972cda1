import type { JsonSchema, PluginContext } from '../../core/plugins/types.js';
import { ProviderHttp, readJson } from '../../core/providers/index.js';
import { classifyFinnhubBody } from './classify.js';
import type { FinnhubOptions } from './options-schema.js';

type Query = Readonly<Record<string, string | number | undefined>>;

/** One GET of the Finnhub API, read, classified and checked against the endpoint's schema. */
export interface FinnhubClient {
  get<T>(
    path: string,
    query: Query,
    what: string,
    schema: JsonSchema,
    signal?: AbortSignal,
  ): Promise<T>;
}

/**
 * A client that sends the key in the `X-Finnhub-Token` header (never in the URL, so it cannot
 * end up in an access log or an error message) and scrubs it from everything it reports.
 */
export function createFinnhubClient(
  context: Pick<PluginContext, 'http' | 'clock'>,
  options: FinnhubOptions,
): FinnhubClient {
  const http = new ProviderHttp(context, {
    baseUrl: options.baseUrl,
    timeoutMs: options.timeoutMs,
    headers: { 'x-finnhub-token': options.apiKey },
    secrets: [options.apiKey],
  });

  return {
    async get<T>(
      path: string,
      query: Query,
      what: string,
      schema: JsonSchema,
      signal?: AbortSignal,
    ) {
      const response = await http.get(path, query, signal);
      const nowMs = context.clock.now();
      const scrub = (text: string): string => http.scrub(text);
      return readJson<T>(response, {
        what,
        schema,
        nowMs,
        classifyBody: (answer, json) => classifyFinnhubBody(answer, json, { what, nowMs, scrub }),
      });
    },
  };
}
