import type { StockpollerError } from '../../core/errors/index.js';
import {
  excerptOf,
  providerFailure,
  retryAfterMsOf,
  untilNextUtcMidnight,
  type ProviderResponse,
} from '../../core/providers/index.js';

const hourMs = 3_600_000;

/**
 * Tiingo's reading of a body, before its status: errors are Django REST Framework style
 * `{"detail": "..."}`, and the text says which allowance ran out (hourly requests, daily
 * requests, monthly unique symbols), which the status alone (429) does not.
 */
export function classifyTiingoBody(
  response: ProviderResponse,
  json: unknown,
  what: string,
  nowMs: number,
): StockpollerError | undefined {
  const detail = detailOf(json);
  if (detail === undefined) return undefined;

  const { status } = response;
  const message = `${what}: HTTP ${status} from ${response.url}${excerptOf(detail, response.scrub)}`;
  const retryAfterMs = retryAfterMsOf(response.headers['retry-after'], nowMs);

  if (/daily request allocation|per day|daily limit/i.test(detail)) {
    const untilReset = retryAfterMs ?? untilNextUtcMidnight(nowMs);
    return providerFailure('rate_limited', message, {
      status,
      quota: 'day',
      retryAfterMs: untilReset,
      hint: 'The daily request allowance is spent; it resets at the start of the next day.',
    });
  }
  if (/unique symbol|symbol allocation/i.test(detail)) {
    // Monthly allowance of distinct tickers: nothing helps before the next month.
    return providerFailure('rate_limited', message, {
      status,
      quota: 'day',
      retryAfterMs: retryAfterMs ?? untilNextUtcMonth(nowMs),
      hint: 'The monthly allowance of distinct tickers is spent; poll fewer symbols or upgrade.',
    });
  }
  if (status === 429 || /request allocation|rate limit|too many/i.test(detail)) {
    return providerFailure('rate_limited', message, {
      status,
      quota: 'hour',
      // Tiingo counts requests per hour; without a header wait for the window to pass.
      retryAfterMs: retryAfterMs ?? hourMs,
    });
  }
  if (/not found/i.test(detail)) return providerFailure('not_found', message, { status });
  if (/token|credential|authenticat/i.test(detail) || status === 401) {
    return providerFailure('auth', message, { status });
  }
  if (status === 403 || status === 402 || /upgrade|subscription|permission/i.test(detail)) {
    return providerFailure('plan_required', message, { status });
  }
  if (status >= 200 && status < 300) return providerFailure('bad_request', message, { status });
  return undefined;
}

/** The `detail` text of a DRF error body, or undefined for anything else (arrays included). */
function detailOf(json: unknown): string | undefined {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return undefined;
  const detail = (json as { detail?: unknown }).detail;
  return typeof detail === 'string' ? detail : undefined;
}

function untilNextUtcMonth(nowMs: number): number {
  const next = new Date(nowMs);
  next.setUTCMonth(next.getUTCMonth() + 1, 1);
  next.setUTCHours(0, 0, 0, 0);
  return next.getTime() - nowMs;
}
