import type { StockpollerError } from '../../core/errors/index.js';
import {
  excerptOf,
  looksLikeHtml,
  providerFailure,
  retryAfterMsOf,
  untilNextUtcMidnight,
  type ProviderResponse,
} from '../../core/providers/index.js';
import type { FmpPlan } from './options-schema.js';

/** What a classification needs besides the response. */
export interface ClassifyContext {
  /** What was asked, for messages: `quote of AAPL`. */
  readonly what: string;
  readonly nowMs: number;
  /** The plan decides whether "Limit Reach" is the daily cap (Basic) or the minute's. */
  readonly plan: FmpPlan;
  /** Removes credentials from text bound for an error message. */
  readonly scrub: (text: string) => string;
}

// FMP's error texts, which also arrive as plain text (402 "Premium Query Parameter: ...").
const knownText =
  /^\s*(Invalid API KEY|Limit Reach|Bandwidth Limit Reach|Premium|Legacy Endpoint|Exclusive Endpoint|Restricted Endpoint|Special Endpoint)/i;
const planText =
  /Premium|Exclusive Endpoint|Restricted Endpoint|Special Endpoint|not available under your current subscription/i;

/** The `Error Message` of an FMP body (JSON or plain text), or undefined when there is none. */
export function errorTextOf(response: ProviderResponse, json: unknown): string | undefined {
  if (typeof json === 'object' && json !== null && !Array.isArray(json)) {
    const text = (json as Record<string, unknown>)['Error Message'];
    if (typeof text === 'string') return text;
  }
  if (json === undefined && !looksLikeHtml(response) && knownText.test(response.text))
    return response.text.trim();
  return undefined;
}

/** readJson's body classifier: FMP's error texts decide, whatever the HTTP status. */
export function classifyBody(context: ClassifyContext) {
  return (response: ProviderResponse, json: unknown): StockpollerError | undefined => {
    const text = errorTextOf(response, json);
    return text === undefined ? undefined : classifyErrorText(text, response, context);
  };
}

/**
 * The classified error of an FMP error text. The text decides first: a 403 "Legacy Endpoint"
 * is a plan wall, not a bad key, and "Limit Reach" may come with HTTP 200. Texts not known
 * here fall back to the status.
 */
export function classifyErrorText(
  text: string,
  response: ProviderResponse,
  context: ClassifyContext,
): StockpollerError {
  const { status } = response;
  const message = context.scrub(
    `${context.what}: FMP error (HTTP ${status}) from ${response.url}${excerptOf(text, response.scrub)}`,
  );

  if (/Bandwidth Limit Reach/i.test(text)) {
    return providerFailure('rate_limited', message, {
      status,
      quota: 'day',
      retryAfterMs: untilNextUtcMidnight(context.nowMs),
      hint: 'The 30-day bandwidth of the plan is used up: fetch less data or upgrade the plan.',
    });
  }
  if (/Limit Reach/i.test(text)) return limitReached(message, response, context);
  if (/Invalid API KEY/i.test(text)) return providerFailure('auth', message, { status });
  if (/Legacy Endpoint/i.test(text)) {
    return providerFailure('plan_required', message, {
      status,
      hint: 'Set baseUrl to https://financialmodelingprep.com/stable: /api/v3 and /api/v4 serve only subscriptions from before 2025-08-31.',
    });
  }
  if (planText.test(text)) return providerFailure('plan_required', message, { status });
  return byStatus(message, status);
}

function limitReached(
  message: string,
  response: ProviderResponse,
  context: ClassifyContext,
): StockpollerError {
  if (context.plan === 'basic') {
    // The reset time is not documented; 00:00 UTC is our estimate.
    return providerFailure('rate_limited', message, {
      status: response.status,
      quota: 'day',
      retryAfterMs: untilNextUtcMidnight(context.nowMs),
      hint: 'The Basic plan allows 250 calls a day: poll fewer symbols or less often, or upgrade.',
    });
  }
  const retryAfterMs = retryAfterMsOf(response.headers['retry-after'], context.nowMs) ?? 60_000;
  return providerFailure('rate_limited', message, {
    status: response.status,
    quota: 'minute',
    retryAfterMs,
  });
}

function byStatus(message: string, status: number): StockpollerError {
  if (status >= 500) return providerFailure('unavailable', message, { status });
  if (status === 401 || status === 403) return providerFailure('auth', message, { status });
  if (status === 402) return providerFailure('plan_required', message, { status });
  if (status === 404) return providerFailure('not_found', message, { status });
  if (status === 429)
    return providerFailure('rate_limited', message, {
      status,
      quota: 'minute',
      retryAfterMs: 60_000,
    });
  return providerFailure('bad_request', message, { status });
}
