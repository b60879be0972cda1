import type { StockpollerError } from '../../core/errors/index.js';
import {
  excerptOf,
  newYork,
  providerFailure,
  retryAfterMsOf,
  untilNextZonedMidnight,
  type ProviderResponse,
} from '../../core/providers/index.js';

/**
 * Intrinio's reading of an error body, before its status. Intrinio uses real statuses, but
 * they are ambiguous: a 401 is also "no active subscription" (a plan problem, not a bad
 * key), a 403 means not subscribed, and a 429 can be the daily allowance rather than the
 * per-second one. Bodies carry `error`, `message` and sometimes `human` texts.
 */
export function classifyIntrinioBody(
  response: ProviderResponse,
  json: unknown,
  what: string,
  nowMs: number,
): StockpollerError | undefined {
  const { status } = response;
  if (status < 400) return undefined;
  const text = errorTextOf(json) ?? response.text;
  const message = `${what}: HTTP ${status} from ${response.url}${excerptOf(text, response.scrub)}`;

  if (status === 429) {
    const retryAfterMs = retryAfterMsOf(response.headers['retry-after'], nowMs);
    if (/daily|per day|today/i.test(text)) {
      // Daily allowances reset at midnight US/Eastern.
      const untilReset = retryAfterMs ?? untilNextZonedMidnight(nowMs, newYork);
      return providerFailure('rate_limited', message, {
        status,
        quota: 'day',
        retryAfterMs: untilReset,
        hint: 'The daily allowance is spent; it resets at midnight US/Eastern.',
      });
    }
    // Intrinio sends Retry-After in integer seconds; without one, wait a minute like others.
    return providerFailure('rate_limited', message, {
      status,
      quota: retryAfterMs !== undefined && retryAfterMs <= 1_000 ? 'second' : 'minute',
      retryAfterMs: retryAfterMs ?? 60_000,
    });
  }
  if (
    /subscription|subscribe|not entitled|upgrade/i.test(text) &&
    (status === 401 || status === 403)
  ) {
    return providerFailure('plan_required', message, { status });
  }
  if (status === 401) return providerFailure('auth', message, { status });
  if (status === 403) {
    const badKey = /api key|api_key|invalid key|unauthori[sz]ed/i.test(text);
    return providerFailure(badKey ? 'auth' : 'plan_required', message, { status });
  }
  return undefined;
}

/** The `human`, `message` and `error` texts of an error body, joined. */
function errorTextOf(json: unknown): string | undefined {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return undefined;
  const body = json as Record<string, unknown>;
  const texts = [body.human, body.message, body.error].filter(
    (value): value is string => typeof value === 'string',
  );
  return texts.length === 0 ? undefined : texts.join(' - ');
}
