import type { StockpollerError } from '../../core/errors/index.js';
import {
  excerptOf,
  providerFailure,
  retryAfterMsOf,
  type ProviderResponse,
} from '../../core/providers/index.js';

/** Reads a Polygon body before its status, as `readJson`'s `classifyBody`. */
export type BodyClassifier = (
  response: ProviderResponse,
  json: unknown,
) => StockpollerError | undefined;

/** What a Polygon error body says: `{status, request_id, error}` or `{status, ..., message}`. */
interface PolygonErrorBody {
  readonly apiStatus: string | undefined;
  readonly text: string;
}

// Without a Retry-After header (whether Polygon sends one is unconfirmed), wait out the minute.
const minuteWindowMs = 60_000;

/**
 * Polygon's own reading of a response. The `status` field and the error text decide before the
 * HTTP status does: a 403 `NOT_AUTHORIZED` is the plan wall (a bad key is a 401), and a body
 * saying `ERROR` is an error whatever the status line says.
 */
export function classifyPolygonBody(what: string, nowMs: number): BodyClassifier {
  return (response, json) => {
    const { apiStatus, text } = readErrorBody(json);
    const status = response.status;
    const failed = status >= 400 || (apiStatus !== undefined && apiStatus !== 'OK');
    if (!failed || apiStatus === 'DELAYED') return undefined;

    const message = `${what}: HTTP ${status} from ${response.url}${excerptOf(response.text, response.scrub)}`;
    if (apiStatus === 'NOT_AUTHORIZED' || (status === 403 && /entitled|upgrade|plan/i.test(text)))
      return providerFailure('plan_required', message, {
        status,
        hint: 'The key\'s plan does not include this data: set plan to "basic" for the free endpoints, or upgrade.',
      });
    if (status === 401 || /api key/i.test(text))
      return providerFailure('auth', message, { status });
    if (status === 429 || /exceeded the maximum requests|too many requests/i.test(text)) {
      const retryAfterMs = retryAfterMsOf(response.headers['retry-after'], nowMs) ?? minuteWindowMs;
      return providerFailure('rate_limited', message, { status, retryAfterMs, quota: 'minute' });
    }
    if (apiStatus === 'NOT_FOUND') return providerFailure('not_found', message, { status });
    // Anything else with a 2xx status line but an error body: let no success mapping see it.
    if (status < 300 && apiStatus === 'ERROR')
      return providerFailure('bad_request', message, { status });
    return undefined;
  };
}

function readErrorBody(json: unknown): PolygonErrorBody {
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    return { apiStatus: undefined, text: '' };
  const body = json as Record<string, unknown>;
  const apiStatus = typeof body.status === 'string' ? body.status.toUpperCase() : undefined;
  const parts = [body.error, body.message].filter((p): p is string => typeof p === 'string');
  return { apiStatus, text: parts.join(' ') };
}
