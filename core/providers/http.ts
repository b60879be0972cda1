import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';
import type { Dispatcher } from 'undici';
import { describeError } from '../errors/index.js';
import type { PluginContext, RateGate } from '../plugins/types.js';
import { providerFailure } from './failure.js';
import { retryAfterMsOf } from './read-json.js';
import { scrubSecrets } from './scrub.js';

/** How a provider adapter talks HTTP. */
export interface ProviderHttpOptions {
  /** Origin plus optional path prefix, e.g. `https://finnhub.io/api/v1`. */
  readonly baseUrl: string;
  /** Whole-request limit: headers and body, in ms. */
  readonly timeoutMs: number;
  /** Sent with every request (for example an auth header). */
  readonly headers?: Readonly<Record<string, string>>;
  /** Added to every request's query (for providers that only take `?apikey=`). */
  readonly query?: Readonly<Record<string, string>>;
  /** Values to scrub from every URL and message that leaves this client. */
  readonly secrets?: readonly string[];
  /** Keep-alive connections to the origin. Default 8. */
  readonly connections?: number;
}

/** A response read whole, decompressed and decoded. */
export interface ProviderResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly text: string;
  /** The request URL with credentials scrubbed: safe for logs and errors. */
  readonly url: string;
  /** True when a compressed body ended early. */
  readonly truncated: boolean;
  /** Removes this client's credentials from text (bodies quoted in errors may echo a key). */
  readonly scrub: (text: string) => string;
}

type QueryValue = string | number | boolean | undefined;

/**
 * An HTTP client for one provider: keep-alive per origin (through the kernel's pool),
 * a timeout for the whole request, compression, credentials added the provider's way and
 * scrubbed from everything it reports. Network failures become `unavailable` errors.
 */
export class ProviderHttp {
  private readonly dispatcher: Dispatcher;
  private readonly origin: string;
  private readonly prefix: string;

  private readonly rateLimit: RateGate | undefined;

  constructor(
    context: Pick<PluginContext, 'http' | 'rateLimit'>,
    private readonly options: ProviderHttpOptions,
  ) {
    this.rateLimit = context.rateLimit;
    const base = new URL(options.baseUrl);
    this.origin = base.origin;
    this.prefix = base.pathname.replace(/\/$/, '');
    this.dispatcher = context.http(this.origin, {
      connections: options.connections ?? 8,
      headersTimeoutMs: options.timeoutMs,
      bodyTimeoutMs: options.timeoutMs,
    });
  }

  /**
   * GET `path` (below the base URL's path) with `query`. `cost` is what the request takes of the
   * provider's budget: 1 for most APIs, the number of symbols for one that charges per symbol
   * (Twelve Data's credits), so that the limiter counts what the provider counts.
   */
  get(
    path: string,
    query: Readonly<Record<string, QueryValue>> = {},
    signal?: AbortSignal,
    cost = 1,
  ): Promise<ProviderResponse> {
    const url = new URL(`${this.prefix}${path}`, this.origin);
    for (const [key, value] of Object.entries(query)) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    return this.send(url, signal, cost);
  }

  /**
   * GET an absolute URL the provider handed out (a pagination cursor). It must be on the same
   * origin; the credentials query is added again, since cursors often drop it.
   */
  getUrl(absolute: string, signal?: AbortSignal): Promise<ProviderResponse> {
    const url = new URL(absolute, this.origin);
    if (url.origin !== this.origin) {
      const shown = this.scrub(url.href);
      return Promise.reject(providerFailure('malformed', `next page is on another host: ${shown}`));
    }
    return this.send(url, signal);
  }

  /** Text with this provider's credentials removed. */
  scrub(text: string): string {
    return scrubSecrets(text, this.options.secrets ?? []);
  }

  private async send(url: URL, signal?: AbortSignal, cost = 1): Promise<ProviderResponse> {
    for (const [key, value] of Object.entries(this.options.query ?? {}))
      url.searchParams.set(key, value);
    const shown = this.scrub(url.href);

    // Every request takes its cost of the provider's budget, shared by all its pipelines. The
    // timeout starts once it may go: a wait for the budget is not the provider being slow.
    await this.rateLimit?.acquire(cost, signal);
    const timeout = AbortSignal.timeout(this.options.timeoutMs);
    const abort = signal === undefined ? timeout : AbortSignal.any([signal, timeout]);
    let response: Dispatcher.ResponseData;
    let raw: Buffer;
    try {
      response = await this.dispatcher.request({
        method: 'GET',
        path: `${url.pathname}${url.search}`,
        headers: {
          accept: 'application/json',
          'accept-encoding': 'gzip, deflate, br',
          ...this.options.headers,
        },
        signal: abort,
      });
      raw = Buffer.from(await response.body.arrayBuffer());
    } catch (error) {
      const timedOut = timeout.aborted || /timeout/i.test(describeError(error));
      const reason = timedOut
        ? `no answer within ${this.options.timeoutMs} ms`
        : this.scrub(describeError(error));
      throw providerFailure('unavailable', `GET ${shown} failed: ${reason}`, { cause: error });
    }
    const headers = flattenHeaders(response.headers);
    if (response.statusCode === 429) {
      // Whatever the adapter makes of the body, the budget waits out the provider's signal.
      const retryAfterMs = retryAfterMsOf(headers['retry-after'], Date.now());
      await this.rateLimit?.penalize({
        kind: 'rate_limited',
        retryable: true,
        ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
      });
    }
    const { text, truncated } = decode(raw, headers['content-encoding']);
    const scrub = (value: string): string => this.scrub(value);
    return { status: response.statusCode, headers, text, url: shown, truncated, scrub };
  }
}

function flattenHeaders(
  headers: Dispatcher.ResponseData['headers'],
): Record<string, string | undefined> {
  const flat: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(headers)) {
    flat[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}

function decode(raw: Buffer, encoding: string | undefined): { text: string; truncated: boolean } {
  try {
    const body =
      encoding === 'gzip'
        ? gunzipSync(raw)
        : encoding === 'br'
          ? brotliDecompressSync(raw)
          : encoding === 'deflate'
            ? inflateSync(raw)
            : raw;
    return { text: body.toString('utf8'), truncated: false };
  } catch {
    return { text: '', truncated: true };
  }
}
