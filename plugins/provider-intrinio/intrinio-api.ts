import type { JsonSchema, PluginContext } from '../../core/plugins/types.js';
import { ProviderJsonApi, providerFailure } from '../../core/providers/index.js';
import { classifyIntrinioBody } from './classify.js';
import type { IntrinioOptions } from './options-schema.js';

type Query = Readonly<Record<string, string | number | boolean | undefined>>;

/** A page of a paged Intrinio endpoint. */
interface Paged {
  readonly next_page?: string | null;
}

// A runaway cursor (a token that never ends) must not loop forever.
const maxPages = 500;

/**
 * Intrinio's API v2 as the adapter uses it: the key goes as a Bearer header (or `api_key`),
 * every body is classified by {@link classifyIntrinioBody} before its status and checked
 * against the endpoint's schema, and `next_page` tokens are followed.
 */
export class IntrinioApi extends ProviderJsonApi {
  constructor(context: PluginContext, options: IntrinioOptions) {
    const byHeader = options.sendKeyAs === 'header';
    const http = {
      baseUrl: options.baseUrl,
      timeoutMs: options.timeoutMs,
      ...(byHeader
        ? { headers: { authorization: `Bearer ${options.apiKey}` } }
        : { query: { api_key: options.apiKey } }),
      secrets: [options.apiKey],
    };
    super(context, http, { classifyBody: classifyIntrinioBody, logMessage: 'intrinio response' });
  }

  /**
   * Every page of a paged endpoint. `next_page` is a token, not a URL: it goes back with
   * the same query, and the credentials are added again by the client on every call.
   */
  async getAllPages<T extends Paged>(
    path: string,
    query: Query,
    what: string,
    schema: JsonSchema,
    signal?: AbortSignal,
  ): Promise<T[]> {
    const pages: T[] = [];
    let token: string | undefined;
    do {
      if (pages.length >= maxPages) {
        throw providerFailure('malformed', `${what}: more than ${maxPages} pages; stopped`);
      }
      const page: T = await this.getJson<T>(
        path,
        { ...query, next_page: token },
        what,
        schema,
        signal,
      );
      pages.push(page);
      token =
        typeof page.next_page === 'string' && page.next_page !== '' ? page.next_page : undefined;
    } while (token !== undefined);
    return pages;
  }
}
