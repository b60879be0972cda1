import type { StockpollerError } from '../../core/errors/index.js';
import {
  excerptOf,
  looksLikeHtml,
  providerFailure,
  retryAfterMsOf,
  type ProviderResponse,
} from '../../core/providers/index.js';

/** What the body classifier needs besides the response. */
export interface ClassifyContext {
  /** What was asked, for messages: `quote of AAPL`. */
  readonly what: string;
  readonly nowMs: number;
  /** Removes the key from text bound for a message. */
  readonly scrub: (text: string) => string;
}

// Finnhub names the reason in an `error` text rather than a code, so it is matched on words.
const missingToken = /sign up/i;
const badKey = /invalid api key|api key (is )?(invalid|missing|required)/i;
const noAccess = /(don't|do not) have access|premium|upgrade|subscription|not entitled/i;
const limitReached = /limit reached|too many requests|rate limit/i;
const unknownSymbol = /symbol.*(not (found|supported)|invalid|unknown)|no such symbol/i;
const defaultWindowMs = 60_000;

/**
 * Finnhub's reading of a response, before its status: a 429 whose plain text asks to sign up
 * means the token was empty (auth, not a rate limit), a 403 "don't have access" is a plan wall
 * rather than a bad key, and an `error` field is an error whatever the status.
 */
export function classifyFinnhubBody(
  response: ProviderResponse,
  json: unknown,
  context: ClassifyContext,
): StockpollerError | undefined {
  const text = errorTextOf(response, json);
  if (text === undefined) return undefined;

  const { status } = response;
  const message = `${context.what}: ${context.scrub(`HTTP ${status} from ${response.url}${excerptOf(text)}`)}`;
  if (missingToken.test(text) || badKey.test(text)) {
    return providerFailure('auth', message, {
      status,
      hint: 'Check the Finnhub API key in the secret store: it is empty, unknown or revoked.',
    });
  }
  // A 429 is a rate limit unless its text said otherwise (above); plan walls are 403s.
  if (limitReached.test(text) || status === 429) {
    return providerFailure('rate_limited', message, {
      status,
      quota: 'minute',
      retryAfterMs: retryAfterOf(response, context.nowMs),
    });
  }
  if (noAccess.test(text)) {
    return providerFailure('plan_required', message, {
      status,
      hint: "The key's plan does not cover this symbol or endpoint; candles need a premium plan.",
    });
  }
  if (unknownSymbol.test(text)) return providerFailure('not_found', message, { status });
  // Any other `error` on a 2xx is still an error; other statuses keep their usual meaning.
  if (status >= 200 && status < 300) return providerFailure('bad_request', message, { status });
  return undefined;
}

/** The error text of a body: its `error` field, or the plain text of a failed call. */
function errorTextOf(response: ProviderResponse, json: unknown): string | undefined {
  if (typeof json === 'object' && json !== null && !Array.isArray(json)) {
    const error = (json as Record<string, unknown>).error;
    return typeof error === 'string' ? error : undefined;
  }
  const plain = response.text.trim();
  if (json !== undefined || response.status < 400 || plain === '') return undefined;
  return looksLikeHtml(response) ? undefined : plain;
}

/**
 * How long to wait after a 429: Retry-After if sent, else an `X-Ratelimit-Reset` epoch second
 * (seen on Finnhub responses, not documented), else the one-minute window of the plan.
 */
function retryAfterOf(response: ProviderResponse, nowMs: number): number {
  const fromHeader = retryAfterMsOf(response.headers['retry-after'], nowMs);
  if (fromHeader !== undefined) return Math.max(1000, fromHeader);

  const reset = Number(response.headers['x-ratelimit-reset']);
  const untilReset = reset * 1000 - nowMs;
  // A reset more than an hour away is not a per-minute window; do not trust it.
  if (Number.isFinite(untilReset) && untilReset > 0 && untilReset <= 3_600_000)
    return Math.max(1000, untilReset);
  return defaultWindowMs;
}
