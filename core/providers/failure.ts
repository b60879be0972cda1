import { tradingDateOf, zonedMidnightUtc } from '../contract/time.js';
import type { ErrorCode } from '../errors/codes.js';
import {
  StockpollerError,
  describeError,
  isStockpollerError,
  type FailureInfo,
  type FailureKind,
} from '../errors/index.js';

const codeOfKind = {
  auth: 'SP_ERR_PROVIDER_AUTH',
  not_found: 'SP_ERR_PROVIDER_NOT_FOUND',
  no_data: 'SP_ERR_PROVIDER_NO_DATA',
  rate_limited: 'SP_ERR_PROVIDER_RATE_LIMITED',
  plan_required: 'SP_ERR_PROVIDER_PLAN_REQUIRED',
  malformed: 'SP_ERR_PROVIDER_MALFORMED',
  unavailable: 'SP_ERR_PROVIDER_UNAVAILABLE',
  bad_request: 'SP_ERR_PROVIDER_BAD_REQUEST',
} as const satisfies Record<FailureKind, ErrorCode>;

const retryableByDefault: Record<FailureKind, boolean> = {
  auth: false,
  not_found: false,
  no_data: false,
  rate_limited: true,
  plan_required: false,
  malformed: false,
  unavailable: true,
  bad_request: false,
};

const defaultHints: Record<FailureKind, string> = {
  auth: 'Check the API key in the secret store and that it is active.',
  not_found: "Check the ticker, and the provider's spelling of it.",
  no_data: 'Ask for a range with trading days, or one the plan covers.',
  rate_limited: 'Poll less often or raise the plan; the runtime waits for the window to reset.',
  plan_required: 'Upgrade the plan, or use an endpoint the plan includes.',
  malformed: 'Check baseUrl points at the provider; report it if the API changed.',
  unavailable: 'Usually transient; check the network or the status page if it persists.',
  bad_request: 'Check the symbols, interval and dates asked for.',
};

/** Details of a provider failure besides its kind. */
export interface FailureDetails {
  readonly retryable?: boolean;
  readonly retryAfterMs?: number;
  readonly quota?: FailureInfo['quota'];
  readonly status?: number;
  readonly hint?: string;
  readonly cause?: unknown;
}

/**
 * A classified provider error: the code follows the kind (`rate_limited` is
 * SP_ERR_PROVIDER_RATE_LIMITED), `failure` carries what the runtime needs to retry or wait.
 * `message` must never contain a credential: pass URLs through {@link scrubSecrets} first.
 */
export function providerFailure(
  kind: FailureKind,
  message: string,
  details: FailureDetails = {},
): StockpollerError {
  const failure: FailureInfo = {
    kind,
    retryable: details.retryable ?? retryableByDefault[kind],
    ...(details.retryAfterMs === undefined ? {} : { retryAfterMs: details.retryAfterMs }),
    ...(details.quota === undefined ? {} : { quota: details.quota }),
    ...(details.status === undefined ? {} : { status: details.status }),
  };
  return new StockpollerError(codeOfKind[kind], message, details.hint ?? defaultHints[kind], {
    cause: details.cause,
    failure,
  });
}

/**
 * A classified provider error for anything a provider call threw. A StockpollerError that
 * carries a failure passes through; anything else (a contract helper's complaint about a bad
 * time, a bug in mapping) means the body held something unreadable, so it is `malformed`, with
 * `what` (`quote of AAPL`) naming the call and the original error as its cause.
 */
export function asProviderFailure(error: unknown, what: string): StockpollerError {
  if (isStockpollerError(error) && error.failure !== undefined) return error;
  return providerFailure('malformed', `${what}: ${describeError(error)}`, { cause: error });
}

/** Milliseconds until the next reset of a UTC-midnight daily quota, from `nowMs`. */
export function untilNextUtcMidnight(nowMs: number): number {
  const next = new Date(nowMs);
  next.setUTCHours(24, 0, 0, 0);
  return next.getTime() - nowMs;
}

/**
 * Milliseconds until the next 00:00 in `timeZone` (an IANA name), from `nowMs`: when a daily
 * quota counted on an exchange's clock resets. Right across daylight-saving changes, when the
 * day is 23 or 25 hours long. Throws SP_ERR_CONTRACT_BAD_TIME for an unknown zone.
 */
export function untilNextZonedMidnight(nowMs: number, timeZone: string): number {
  const today = Date.parse(`${tradingDateOf(nowMs, timeZone)}T00:00:00Z`);
  const tomorrow = new Date(today + 86_400_000).toISOString().slice(0, 10);
  return zonedMidnightUtc(tomorrow, timeZone) - nowMs;
}
