import type { BackoffOptions } from './option-groups.js';

/**
 * The delay before retry number `retry` (1 for the first retry): `initialDelayMs` multiplied by
 * `multiplier` for each earlier retry, capped at `maxDelayMs`, then moved at random by up to
 * `jitter` of itself in either direction (and capped again), so that many publishers that
 * failed together do not come back together. `random` returns a number in [0, 1).
 */
export function computeBackoffDelay(
  options: BackoffOptions,
  retry: number,
  random: () => number = Math.random,
): number {
  const exponent = Math.max(0, retry - 1);
  const base = Math.min(
    options.maxDelayMs,
    options.initialDelayMs * options.multiplier ** exponent,
  );
  const spread = base * options.jitter * (2 * random() - 1);
  return Math.round(Math.min(options.maxDelayMs, Math.max(0, base + spread)));
}

/**
 * Resolves after `ms`, or rejects with the signal's reason as soon as `signal` aborts. The
 * timer keeps the process alive on purpose: while the broker is away, a backoff may be the only
 * thing left that will bring unconfirmed messages to it.
 */
export function sleepFor(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted === true) {
      reject(abortReason(signal));
      return;
    }
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
}

/** The reason an aborted signal carries, always as an Error. */
export function abortReason(signal: AbortSignal | undefined): Error {
  const reason: unknown = signal?.reason;
  return reason instanceof Error ? reason : new Error('aborted');
}
