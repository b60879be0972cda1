import type { StockpollerError } from '../../core/errors/index.js';
import {
  excerptOf,
  newYork,
  providerFailure,
  untilNextUtcMidnight,
  untilNextZonedMidnight,
  type ProviderResponse,
} from '../../core/providers/index.js';

/** What the body classifier needs besides the response. */
export interface ClassifyContext {
  /** What was asked, for messages: `quote of IBM`. */
  readonly what: string;
  readonly nowMs: number;
  /** Removes the key from text bound for a message (the daily-limit text quotes the key). */
  readonly scrub: (text: string) => string;
}

// Alpha Vantage answers every error with HTTP 200 and one text under `Error Message`,
// `Information` or (older) `Note`; the texts change over time, so they are matched on words.
const perDay = /per day|daily/i;
const perSecond = /per second|sparingly|burst/i;
const perMinute = /per minute|call frequency|call volume|rate limit/i;
const premium = /premium/i;
const aboutKey = /api ?key/i;
const invalidCall = /invalid api call/i;

/**
 * Alpha Vantage's reading of a body, before its status: a 200 whose only content is an
 * `Error Message`, `Information` or `Note` is an error. `Information` is used both for the
 * daily quota and for premium-only functions and parameters, so its text decides.
 */
export function classifyAlphaVantageBody(
  response: ProviderResponse,
  json: unknown,
  context: ClassifyContext,
): StockpollerError | undefined {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return undefined;
  const body = json as Record<string, unknown>;
  const errorMessage = textOf(body['Error Message']);
  const information = textOf(body.Information) ?? textOf(body.Note);
  const text = errorMessage ?? information;
  if (text === undefined || hasData(body)) return undefined;

  const { status } = response;
  const message = `${context.what}: ${context.scrub(`Alpha Vantage answered${excerptOf(text)}`)}`;
  if (errorMessage !== undefined) {
    if (aboutKey.test(text)) return providerFailure('auth', message, { status });
    if (invalidCall.test(text)) {
      return providerFailure('not_found', message, {
        status,
        hint: 'Alpha Vantage says this for an unknown symbol (and a malformed call); check the ticker, e.g. TSCO.LON for a London listing.',
      });
    }
    return providerFailure('bad_request', message, { status });
  }
  return classifyInformation(text, message, status, context.nowMs);
}

function classifyInformation(
  text: string,
  message: string,
  status: number,
  nowMs: number,
): StockpollerError {
  // The legacy per-minute note names both windows ("5 calls per minute and 500 calls per day").
  if (perDay.test(text) && !/per minute/i.test(text)) {
    return providerFailure('rate_limited', message, {
      status,
      quota: 'day',
      retryAfterMs: untilDailyReset(nowMs),
      hint: 'The daily request quota is spent; it resets within a day, or a premium plan lifts it.',
    });
  }
  if (perSecond.test(text)) {
    return providerFailure('rate_limited', message, {
      status,
      quota: 'second',
      retryAfterMs: 1000,
    });
  }
  if (perMinute.test(text)) {
    return providerFailure('rate_limited', message, {
      status,
      quota: 'minute',
      retryAfterMs: 60_000,
    });
  }
  if (premium.test(text)) return providerFailure('plan_required', message, { status });
  if (aboutKey.test(text)) return providerFailure('auth', message, { status });
  return providerFailure('bad_request', message, { status });
}

/**
 * When the daily quota is likely to reset. Alpha Vantage does not say whether its day ends at
 * midnight UTC or New York, so this is the earlier of the two: at worst one call is spent early,
 * and the next estimate then lands on the other midnight, never a whole day late.
 */
export function untilDailyReset(nowMs: number): number {
  const earliest = Math.min(untilNextUtcMidnight(nowMs), untilNextZonedMidnight(nowMs, newYork));
  return Math.max(60_000, earliest);
}

function textOf(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

/** True when the body carries data as well: then a stray note is not an error. */
function hasData(body: Record<string, unknown>): boolean {
  return Object.keys(body).some((key) => /^(Meta Data|Time Series|Global Quote|data$)/.test(key));
}
