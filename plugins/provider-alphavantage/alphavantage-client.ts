import type { JsonSchema, PluginContext } from '../../core/plugins/types.js';
import { ProviderHttp, readJson } from '../../core/providers/index.js';
import { classifyAlphaVantageBody } from './classify.js';
import type { AlphaVantageOptions } from './options-schema.js';

/** Query parameters of one call besides `function`, `apikey` and `entitlement`. */
export type CallParams = Readonly<Record<string, string | undefined>>;

/** One call of `GET /query`, read, classified and checked against the function's schema. */
export interface AlphaVantageClient {
  call<T>(
    fn: string,
    params: CallParams,
    what: string,
    schema: JsonSchema,
    signal?: AbortSignal,
  ): Promise<T>;
}

/**
 * A client for `https://www.alphavantage.co/query`. The API takes the key only as `apikey=`
 * in the query, so it is scrubbed from every URL and message the client reports; the
 * `entitlement` of the options rides along on every call.
 */
export function createAlphaVantageClient(
  context: Pick<PluginContext, 'http' | 'clock'>,
  options: AlphaVantageOptions,
): AlphaVantageClient {
  const http = new ProviderHttp(context, {
    baseUrl: options.baseUrl,
    timeoutMs: options.timeoutMs,
    query: { apikey: options.apiKey },
    secrets: [options.apiKey],
  });
  const entitlement = options.entitlement === 'end-of-day' ? undefined : options.entitlement;

  return {
    async call<T>(
      fn: string,
      params: CallParams,
      what: string,
      schema: JsonSchema,
      signal?: AbortSignal,
    ) {
      const query = { function: fn, ...params, entitlement };
      const response = await http.get('/query', query, signal);
      const nowMs = context.clock.now();
      const scrub = (text: string): string => http.scrub(text);
      return readJson<T>(response, {
        what,
        schema,
        nowMs,
        classifyBody: (answer, json) =>
          classifyAlphaVantageBody(answer, json, { what, nowMs, scrub }),
      });
    },
  };
}
