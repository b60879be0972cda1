import type { Logger } from 'pino';
import type { JsonSchema, PluginContext } from '../../core/plugins/types.js';
import { ProviderHttp, readJson } from '../../core/providers/index.js';
import { classifyBarchartBody } from './classify.js';
import type { BarchartOptions } from './options-schema.js';

type Query = Readonly<Record<string, string | number | boolean | undefined>>;

/**
 * Barchart OnDemand as the adapter uses it: the key goes as `apikey=` (OnDemand takes no
 * header) and is scrubbed from every URL the client reports; `status.code` is classified
 * before the HTTP status, then the body is checked against the endpoint's schema.
 */
export class BarchartApi {
  private readonly http: ProviderHttp;
  private readonly log: Logger;
  private readonly now: () => number;

  constructor(context: PluginContext, options: BarchartOptions) {
    this.http = new ProviderHttp(context, {
      baseUrl: options.baseUrl,
      timeoutMs: options.timeoutMs,
      query: { apikey: options.apiKey },
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
    this.log.debug({ url: response.url, status: response.status }, 'barchart response');
    const nowMs = this.now();
    return readJson<T>(response, {
      what,
      schema,
      nowMs,
      classifyBody: (answer, json) => classifyBarchartBody(answer, json, what, nowMs),
    });
  }
}
