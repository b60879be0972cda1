import type { StockpollerError } from '../errors/index.js';
import type { JsonSchema, PluginContext } from '../plugins/types.js';
import { ProviderHttp, type ProviderHttpOptions, type ProviderResponse } from './http.js';
import { readJson } from './read-json.js';

/**
 * A provider's own reading of a response body, before its status (see `classifyBody` of
 * {@link readJson}), told what was asked (`quotes of AAPL, MSFT`) and the clock.
 */
export type ProviderBodyClassifier = (
  response: ProviderResponse,
  json: unknown,
  what: string,
  nowMs: number,
) => StockpollerError | undefined;

/** How a {@link ProviderJsonApi} reads and logs its answers. */
export interface ProviderJsonApiOptions {
  /** The provider's reading of a body before its status. */
  readonly classifyBody?: ProviderBodyClassifier;
  /** The fixed message of the debug line logged for each answer. Default `provider response`. */
  readonly logMessage?: string;
}

type Query = Readonly<Record<string, string | number | boolean | undefined>>;

/**
 * A provider's JSON API: GETs through a {@link ProviderHttp} made from `http` (keep-alive,
 * timeout, credentials added and scrubbed), each answer logged at debug with its scrubbed URL,
 * and each body read by {@link readJson}: the provider's classifier first, then the status,
 * then the endpoint's schema. Adapters extend it with their own paging.
 */
export class ProviderJsonApi {
  private readonly http: ProviderHttp;

  constructor(
    private readonly context: Pick<PluginContext, 'http' | 'clock' | 'log'>,
    http: ProviderHttpOptions,
    private readonly options: ProviderJsonApiOptions = {},
  ) {
    this.http = new ProviderHttp(context, http);
  }

  /** GETs `path` with `query` and returns its body, typed as `schema` guarantees. */
  async getJson<T>(
    path: string,
    query: Query,
    what: string,
    schema: JsonSchema,
    signal?: AbortSignal,
  ): Promise<T> {
    const response = await this.http.get(path, query, signal);
    const message = this.options.logMessage ?? 'provider response';
    this.context.log.debug({ url: response.url, status: response.status }, message);
    const nowMs = this.context.clock.now();
    const classify = this.options.classifyBody;
    return readJson<T>(response, {
      what,
      schema,
      nowMs,
      ...(classify === undefined
        ? {}
        : { classifyBody: (answer, json) => classify(answer, json, what, nowMs) }),
    });
  }
}
