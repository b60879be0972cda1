import type { Logger } from 'pino';
import type { JsonSchema, PluginContext } from '../../core/plugins/types.js';
import { ProviderHttp, readJson } from '../../core/providers/index.js';
import { classifyTiingoBody } from './classify.js';
import type { TiingoOptions } from './options-schema.js';

type Query = Readonly<Record<string, string | number | boolean | undefined>>;

/**
 * Tiingo's REST API as the adapter uses it: the token goes in the `Authorization` header
 * (never the URL), every body is classified by {@link classifyTiingoBody} before its status,
 * then checked against the endpoint's schema.
 */
export class TiingoApi {
  private readonly http: ProviderHttp;
  private readonly log: Logger;
  private readonly now: () => number;

  constructor(context: PluginContext, options: TiingoOptions) {
    this.http = new ProviderHttp(context, {
      baseUrl: options.baseUrl,
      timeoutMs: options.timeoutMs,
      headers: { authorization: `Token ${options.apiKey}` },
      secrets: [options.apiKey],
    });
    this.log = context.log;
    this.now = () => context.clock.now();
  }

  /** GETs `path` and returns its body, typed as `schema` guarantees. */
  async getJson<T>(
    path: string,
    query: Query,
    what: string,
    schema: JsonSchema,
    signal?: AbortSignal,
  ): Promise<T> {
    const response = await this.http.get(path, query, signal);
    this.log.debug({ url: response.url, status: response.status }, 'tiingo response');
    const nowMs = this.now();
    return readJson<T>(response, {
      what,
      schema,
      nowMs,
      classifyBody: (answer, json) => classifyTiingoBody(answer, json, what, nowMs),
    });
  }
}
