import { isStockpollerError, type FailureKind, type StockpollerError } from '../errors/index.js';
import type { QuoteOutcome } from '../plugins/types.js';
import { providerFailure } from '../providers/failure.js';
import { retryableFailure } from './backoff.js';

/**
 * Failures that say the provider itself is in trouble. The others (an unknown ticker, no data
 * for a range, a plan that lacks an endpoint, a bad request) are answers: the provider works.
 */
const providerLevelKinds: ReadonlySet<FailureKind> = new Set([
  'auth',
  'rate_limited',
  'unavailable',
  'malformed',
]);

/**
 * The code to count against the provider's circuit for an error a call threw, or undefined
 * when the error is an answer about the request. An unclassified error counts: something broke.
 */
export function callFailureCode(error: unknown): string | undefined {
  if (!isStockpollerError(error)) return 'SP_ERR_INTERNAL';
  if (error.failure === undefined) return error.code;
  return providerLevelKinds.has(error.failure.kind) ? error.code : undefined;
}

/**
 * The code to count against the circuit for a quote call's outcomes: a call fails only when
 * every symbol failed at the provider level, never for single unknown symbols.
 */
export function quoteCallFailureCode(outcomes: readonly QuoteOutcome[]): string | undefined {
  let first: string | undefined;
  for (const outcome of outcomes) {
    if (outcome.error === undefined) return undefined;
    const code = callFailureCode(outcome.error);
    if (code === undefined) return undefined;
    first ??= code;
  }
  return first;
}

/** The symbols of one attempt that another attempt may fix. */
export interface QuoteRetry {
  /** Positions (in the caller's request) to ask again. */
  readonly indexes: number[];
  /** The last of their failures, for the log and the retries-exhausted event. */
  readonly error: StockpollerError | undefined;
  /** The longest Retry-After among them, in milliseconds (0 when none gave one). */
  readonly waitMs: number;
}

/**
 * Writes the answers of one attempt into `outcomes` at the positions asked (`pending`), so
 * the caller gets them in request order however many attempts it took, and says which
 * positions failed retryably.
 */
export function mergeQuoteAnswers(
  outcomes: (QuoteOutcome | undefined)[],
  pending: readonly number[],
  asked: readonly string[],
  answers: readonly QuoteOutcome[],
): QuoteRetry {
  const indexes: number[] = [];
  let error: StockpollerError | undefined;
  let waitMs = 0;
  pending.forEach((index, position) => {
    const answer = answers[position] ?? missingOutcome(asked[position] ?? '');
    outcomes[index] = answer;
    const failure = answer.error === undefined ? undefined : retryableFailure(answer.error);
    if (failure === undefined) return;
    indexes.push(index);
    error = answer.error;
    waitMs = Math.max(waitMs, failure.retryAfterMs ?? 0);
  });
  return { indexes, error, waitMs };
}

// Providers promise one outcome per symbol; one that forgets a symbol must not lose it silently.
function missingOutcome(symbol: string): QuoteOutcome {
  const error = providerFailure('malformed', `the provider returned no outcome for ${symbol}`);
  return { symbol, error };
}
