import type { RetryConfig } from '../config/manifest.js';
import { isStockpollerError, type FailureInfo } from '../errors/index.js';
import { abortReason } from './concurrency-limit.js';
import { parseDuration } from './duration.js';

/** Retries of one provider instance, durations in milliseconds. */
export interface RetryPolicy {
  /** Most attempts of one call, the first included (1: no retry). */
  readonly maxAttempts: number;
  /** Upper bound of the first backoff; each later one doubles it. */
  readonly initialDelayMs: number;
  /** Upper bound of any backoff. */
  readonly maxDelayMs: number;
}

/** A number in [0, 1), as Math.random gives; tests script it. */
export type RandomSource = () => number;

/** Waits `ms`; rejects with the signal's reason as soon as `signal` aborts. */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

/** The manifest's `retry` in milliseconds. */
export function retryPolicyOf(config: RetryConfig): RetryPolicy {
  return {
    maxAttempts: config.maxAttempts,
    initialDelayMs: parseDuration(config.initialDelay),
    maxDelayMs: parseDuration(config.maxDelay),
  };
}

/**
 * Milliseconds to wait after failed attempt number `attempt` (1-based), with full jitter: a
 * random share of `min(maxDelay, initialDelay * 2^(attempt-1))`, so that many callers failing
 * together spread out instead of retrying in step. Never shorter than the provider's own
 * Retry-After (`retryAfterMs`), which may exceed `maxDelay`: asking sooner is refused anyway.
 */
export function backoffDelay(
  attempt: number,
  policy: RetryPolicy,
  random: RandomSource,
  retryAfterMs = 0,
): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** (attempt - 1));
  const jittered = Math.floor(random() * ceiling);
  return Math.max(jittered, Math.ceil(retryAfterMs));
}

/**
 * The failure of an error when another attempt may succeed: a provider error marked retryable,
 * except an exhausted daily quota (the rate limiter parks every caller until it resets).
 */
export function retryableFailure(error: unknown): FailureInfo | undefined {
  if (!isStockpollerError(error)) return undefined;
  const failure = error.failure;
  if (failure?.retryable !== true) return undefined;
  if (failure.kind === 'rate_limited' && failure.quota === 'day') return undefined;
  return failure;
}

/**
 * The real-time sleep. Its timer keeps the process alive on purpose: `run --once` may have
 * nothing else pending while it backs off, and must not exit half-way.
 */
export const systemSleep: Sleep = (ms, signal) => {
  if (signal?.aborted === true) return Promise.reject(abortReason(signal));
  return new Promise<void>((resolve, reject) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(abortReason(signal));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
};
