import type { StockpollerError } from '../../core/errors/index.js';
import {
  excerptOf,
  providerFailure,
  retryAfterMsOf,
  untilNextUtcMidnight,
  type ProviderResponse,
} from '../../core/providers/index.js';

/** Twelve Data's error body, sent with HTTP 200 or with the matching status. */
export interface TwelveDataErrorBody {
  readonly code?: unknown;
  readonly message?: unknown;
  readonly status: 'error';
}

/** What a classification needs besides the body. */
export interface ClassifyContext {
  /** What was asked, for messages: `quote of AAPL`. */
  readonly what: string;
  readonly response: ProviderResponse;
  readonly nowMs: number;
  /** Removes credentials from text bound for an error message. */
  readonly scrub: (text: string) => string;
}

/** True for `{status: "error", ...}`, whatever the HTTP status. */
export function isErrorBody(json: unknown): json is TwelveDataErrorBody {
  return (
    typeof json === 'object' &&
    json !== null &&
    !Array.isArray(json) &&
    (json as Record<string, unknown>).status === 'error'
  );
}

/** readJson's body classifier: an error body is an error even under HTTP 200. */
export function classifyBody(context: Omit<ClassifyContext, 'response'>) {
  return (response: ProviderResponse, json: unknown): StockpollerError | undefined =>
    isErrorBody(json) ? classifyErrorBody(json, { ...context, response }) : undefined;
}

/**
 * The classified error of a Twelve Data error body. The body's `code` decides (the HTTP status
 * may be 200); a 429 is the daily cap when its message says "for the day", else the minute's
 * credits.
 */
export function classifyErrorBody(
  body: TwelveDataErrorBody,
  context: ClassifyContext,
): StockpollerError {
  const { response } = context;
  const code = typeof body.code === 'number' ? body.code : fallbackCode(response.status);
  const text = typeof body.message === 'string' ? body.message : '';
  const message = context.scrub(
    `${context.what}: Twelve Data error ${code} from ${response.url}${excerptOf(text, response.scrub)}`,
  );
  const status = response.status;

  if (code === 429) return rateLimited(message, text, context);
  if (code === 401) return providerFailure('auth', message, { status });
  if (code === 403) return providerFailure('plan_required', message, { status });
  if (/no data is available/i.test(text)) return providerFailure('no_data', message, { status });
  if (code === 404 || /not found/i.test(text))
    return providerFailure('not_found', message, { status });
  if (code >= 500) return providerFailure('unavailable', message, { status });
  return providerFailure('bad_request', message, { status });
}

function rateLimited(message: string, text: string, context: ClassifyContext): StockpollerError {
  const { response, nowMs } = context;
  if (/for the day|per day|daily/i.test(text)) {
    return providerFailure('rate_limited', message, {
      status: response.status,
      quota: 'day',
      retryAfterMs: untilNextUtcMidnight(nowMs),
      hint: 'The Basic plan allows 800 credits a day (one per symbol), reset at 00:00 UTC: poll fewer symbols or less often, or upgrade.',
    });
  }
  // Credits "reset every minute": wait for the next minute unless the API says otherwise.
  const retryAfterMs =
    retryAfterMsOf(response.headers['retry-after'], nowMs) ?? untilNextMinute(nowMs);
  return providerFailure('rate_limited', message, {
    status: response.status,
    quota: 'minute',
    retryAfterMs,
    hint: "Each symbol costs one credit: poll fewer symbols or less often, or set creditsPerMinute to the plan's.",
  });
}

function untilNextMinute(nowMs: number): number {
  return Math.max(1000, 60_000 - (nowMs % 60_000));
}

function fallbackCode(status: number): number {
  return status >= 400 ? status : 400;
}
