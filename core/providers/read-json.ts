import type { StockpollerError } from '../errors/index.js';
import type { JsonSchema } from '../plugins/types.js';
import { checkBody } from './body-schema.js';
import { providerFailure } from './failure.js';
import type { ProviderResponse } from './http.js';

/** How {@link readJson} interprets one response. */
export interface ReadJsonOptions {
  /** What was asked, for messages: `quote of AAPL`, `daily bars of MSFT`. */
  readonly what: string;
  /** JSON Schema of a successful body; a mismatch is a `malformed` error. */
  readonly schema?: JsonSchema;
  /**
   * The provider's own reading of the body, run BEFORE the status is looked at: a 200 can be
   * an error (Alpha Vantage, Twelve Data) and a 429 can be an auth error (Finnhub). Returns
   * the error to throw, or undefined to go on. `json` is undefined when the body is not JSON.
   */
  readonly classifyBody?: (
    response: ProviderResponse,
    json: unknown,
  ) => StockpollerError | undefined;
  /** The clock, to turn an HTTP-date Retry-After into a delay. */
  readonly nowMs: number;
}

/**
 * Reads a provider response as JSON, classifying every way it can fail: the provider's body
 * classifier first, then the status, then bodies that are not JSON (empty, truncated, HTML),
 * then the endpoint's schema. Returns the parsed body typed as the schema promises.
 */
// T names the shape the schema guarantees to the caller.
// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- see above
export function readJson<T>(response: ProviderResponse, options: ReadJsonOptions): T {
  const json = parseOrUndefined(response.text);
  const fromBody = options.classifyBody?.(response, json);
  if (fromBody !== undefined) throw fromBody;

  const fromStatus = classifyStatus(response, options.what, options.nowMs);
  if (fromStatus !== undefined) throw fromStatus;

  if (json === undefined) throw notJson(response, options.what);
  if (options.schema !== undefined) checkBody(options.schema, json, options.what);
  return json as T;
}

/**
 * The usual meaning of an HTTP status: 401 auth, 402 plan, 403 auth, 404 not found, 429 rate
 * limited (with Retry-After), 5xx and 408 unavailable, other 4xx bad request. Undefined for 2xx.
 */
export function classifyStatus(
  response: ProviderResponse,
  what: string,
  nowMs: number,
): StockpollerError | undefined {
  const { status } = response;
  if (status >= 200 && status < 300) return undefined;
  const message = `${what}: HTTP ${status} from ${response.url}${excerptOf(response.text, response.scrub)}`;
  if (status === 429) {
    const retryAfterMs = retryAfterMsOf(response.headers['retry-after'], nowMs) ?? 60_000;
    return providerFailure('rate_limited', message, { status, retryAfterMs, quota: 'minute' });
  }
  if (status >= 500 || status === 408) return providerFailure('unavailable', message, { status });
  if (status === 401 || status === 403) return providerFailure('auth', message, { status });
  if (status === 402) return providerFailure('plan_required', message, { status });
  if (status === 404) return providerFailure('not_found', message, { status });
  return providerFailure('bad_request', message, { status });
}

/** Milliseconds from a Retry-After header: delta seconds or an HTTP date. */
export function retryAfterMsOf(header: string | undefined, nowMs: number): number | undefined {
  if (header === undefined || header.trim() === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(header.trim())) return Math.round(Number(header) * 1000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}

/**
 * The first 200 characters of a body for messages; pass the response's `scrub` so that a body
 * echoing a credential does not leak it.
 */
export function excerptOf(text: string, scrub: (text: string) => string = (same) => same): string {
  const flat = scrub(text).replace(/\s+/g, ' ').trim();
  if (flat === '') return '';
  return `: ${flat.length > 200 ? `${flat.slice(0, 197)}...` : flat}`;
}

/** True for an HTML page (a proxy's or CDN's error page) rather than the API's JSON. */
export function looksLikeHtml(response: ProviderResponse): boolean {
  const type = response.headers['content-type'] ?? '';
  return type.includes('text/html') || /^\s*<(!doctype|html)/i.test(response.text);
}

function parseOrUndefined(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function notJson(response: ProviderResponse, what: string): StockpollerError {
  const status = response.status;
  if (response.truncated || response.text.trim() === '') {
    // An empty or cut-off body is usually a dropped connection: worth another try.
    const message = `${what}: empty or truncated body from ${response.url}`;
    return providerFailure('malformed', message, { status, retryable: true });
  }
  if (looksLikeHtml(response)) {
    return providerFailure(
      'malformed',
      `${what}: an HTML page instead of JSON from ${response.url}`,
      { status },
    );
  }
  const text = response.text.trimStart();
  if (text.startsWith('{') || text.startsWith('[')) {
    const message = `${what}: JSON body cut short from ${response.url}`;
    return providerFailure('malformed', message, { status, retryable: true });
  }
  return providerFailure(
    'malformed',
    `${what}: not JSON from ${response.url}${excerptOf(response.text, response.scrub)}`,
    { status },
  );
}
