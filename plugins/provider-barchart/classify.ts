import type { StockpollerError } from '../../core/errors/index.js';
import {
  excerptOf,
  providerFailure,
  retryAfterMsOf,
  type ProviderResponse,
} from '../../core/providers/index.js';

/**
 * Barchart OnDemand's reading of a body, before its HTTP status: every answer carries
 * `status.code` (an HTTP-like number) and `status.message`, and the code is the real result.
 * Which HTTP status comes with an error code is not confirmed, so the code decides alone:
 * 204 no content (unknown symbols, empty ranges), 401 auth, 403 auth or plan (by its
 * text), 429 rate limited, 400 bad request, 404 not found, 5xx unavailable.
 */
export function classifyBarchartBody(
  response: ProviderResponse,
  json: unknown,
  what: string,
  nowMs: number,
): StockpollerError | undefined {
  // An HTTP 204 cannot carry the body that says "no content".
  const found = response.status === 204 ? { code: 204, text: '' } : statusOf(json);
  if (found === undefined || found.code === 200) return undefined;

  const { code, text } = found;
  const status = response.status;
  const message = `${what}: status ${code} (HTTP ${status}) from ${response.url}${excerptOf(text, response.scrub)}`;
  if (code === 204) {
    const hint = 'Check the symbol, and that the range holds trading days.';
    return providerFailure('no_data', message, { status, hint });
  }
  if (code === 429) {
    const retryAfterMs = retryAfterMsOf(response.headers['retry-after'], nowMs) ?? 60_000;
    return providerFailure('rate_limited', message, { status, quota: 'minute', retryAfterMs });
  }
  if (code === 401) return providerFailure('auth', message, { status });
  if (code === 403) {
    const plan = /entitle|subscri|permission|not enabled|not allowed|upgrade/i.test(text);
    return providerFailure(plan ? 'plan_required' : 'auth', message, { status });
  }
  if (code === 404) return providerFailure('not_found', message, { status });
  if (code >= 500) return providerFailure('unavailable', message, { status });
  return providerFailure('bad_request', message, { status });
}

/** `status.code` as a number, and `status.message`, when the body has them. */
function statusOf(json: unknown): { code: number; text: string } | undefined {
  if (typeof json !== 'object' || json === null) return undefined;
  const status = (json as { status?: unknown }).status;
  if (typeof status !== 'object' || status === null) return undefined;
  const { code, message } = status as { code?: unknown; message?: unknown };
  const number = typeof code === 'string' ? Number(code) : code;
  if (typeof number !== 'number' || !Number.isInteger(number)) return undefined;
  return { code: number, text: typeof message === 'string' ? message : '' };
}
