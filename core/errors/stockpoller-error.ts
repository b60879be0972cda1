import type { ErrorCode } from './codes.js';

const kStockpollerError = Symbol.for('stockpoller.error');

/** Where in a manifest or overlay a configuration problem sits. */
export interface ConfigProblem {
  /** Stable code of this one problem. */
  readonly code: ErrorCode;
  /** File the offending value came from (absolute path), or undefined when it has none. */
  readonly file: string | undefined;
  /** 1-based line, or undefined when the value has no source position. */
  readonly line: number | undefined;
  /** 1-based column, or undefined when the value has no source position. */
  readonly column: number | undefined;
  /** JSON pointer into the merged configuration ("" for the root). */
  readonly pointer: string;
  /** The facts: what is wrong. */
  readonly message: string;
  /** The fix, when one can be suggested. */
  readonly hint: string | undefined;
}

/** How a call to an outside service failed: what the runtime needs to decide on a retry. */
export type FailureKind =
  | 'auth'
  | 'not_found'
  | 'no_data'
  | 'rate_limited'
  | 'plan_required'
  | 'malformed'
  | 'unavailable'
  | 'bad_request';

/** The classification of a failed call, carried by provider (and transport) errors. */
export interface FailureInfo {
  readonly kind: FailureKind;
  /** True when the same call may succeed later without a change of configuration. */
  readonly retryable: boolean;
  /** How long to wait before the next call, from Retry-After or the provider's window. */
  readonly retryAfterMs?: number;
  /** Which quota ran out, for `rate_limited`: a per-second/minute/hour window or the daily one. */
  readonly quota?: 'second' | 'minute' | 'hour' | 'day';
  /** HTTP status of the response, when there was one. */
  readonly status?: number;
}

/** Extra fields a StockpollerError may carry. */
export interface StockpollerErrorOptions extends ErrorOptions {
  /** Every configuration problem found, for SP_ERR_CONFIG_* errors that aggregate several. */
  readonly problems?: readonly ConfigProblem[];
  /** The classification of a failed outside call. */
  readonly failure?: FailureInfo;
}

/**
 * The one error class of stockpoller. Callers match on `code`, never on `message`.
 * `message` states the facts, `hint` the fix; the CLI prints both and never a stack trace
 * for a user's mistake.
 */
export class StockpollerError extends Error {
  /** Stable code, `SP_ERR_<AREA>_<PROBLEM>`. */
  readonly code: ErrorCode;
  /** What the operator should change; printed on its own line by the CLI. */
  readonly hint: string | undefined;
  /** Every problem found, when this error aggregates several configuration problems. */
  readonly problems: readonly ConfigProblem[];
  /** How an outside call failed (provider errors always carry one). */
  readonly failure: FailureInfo | undefined;

  constructor(code: ErrorCode, message: string, hint?: string, options?: StockpollerErrorOptions) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'StockpollerError';
    this.code = code;
    this.hint = hint;
    this.problems = options?.problems ?? [];
    this.failure = options?.failure;
    Object.defineProperty(this, kStockpollerError, { value: true });
  }
}

/** True even when a plugin bundles its own copy of core (where instanceof is not). */
export function isStockpollerError(value: unknown): value is StockpollerError {
  return typeof value === 'object' && value !== null && kStockpollerError in value;
}

/** Turns any thrown value into a readable one-line description, for logs and wrapping. */
export function describeError(value: unknown): string {
  if (value instanceof Error) return value.message;
  return String(value);
}
