import { setMaxListeners } from 'node:events';
import { constants } from 'node:os';
import type { Logger } from 'pino';
import type { BackfillSignals } from '../../runtime/backfill.js';
import { armHardDeadline } from './run-shutdown.js';

/** The signals of a backfill run, and how it was interrupted. */
export interface BackfillInterruption extends BackfillSignals {
  readonly stop: AbortSignal;
  readonly abort: AbortSignal;
  /** 128 + the number of the signal received (130 when `stop` came from an embedder). */
  exitCode(): number;
  /** Stops listening and clears the grace timer. */
  dispose(): void;
}

/**
 * The first SIGINT or SIGTERM (or `stop`) aborts `stop`, so that no chunk starts, and gives
 * the chunks in flight `graceMs` to finish before it aborts `abort`, which gives them up. A
 * second signal exits the process at once with 128 + its number. The checkpoint already holds
 * every chunk recorded. After a signal (not after `stop`, which embedders use in-process), the
 * process exits at most 2 s after the grace period whatever still hangs (a transport's stop,
 * a checkpoint write).
 */
export function listenForSignals(
  log: Logger,
  graceMs: number,
  stop?: AbortSignal,
): BackfillInterruption {
  const stopping = new AbortController();
  const aborting = new AbortController();
  // Each chunk in flight (up to the provider's concurrency) listens to both.
  setMaxListeners(0, stopping.signal, aborting.signal);
  let exitCode = 128 + constants.signals.SIGINT;
  let grace: NodeJS.Timeout | undefined;
  const beginStopping = (): void => {
    stopping.abort();
    grace = setTimeout(() => {
      log.warn({ graceMs }, 'grace period over, giving up the chunks in flight');
      aborting.abort(new Error(`the grace period of ${graceMs} ms is over`));
    }, graceMs);
    // The run ends on its own when nothing is in flight; the timer must not hold it up.
    grace.unref();
  };
  const onSignal = (signal: NodeJS.Signals): void => {
    const code = 128 + constants.signals[signal];
    if (stopping.signal.aborted) {
      log.warn({ signal }, 'second signal, exiting now');
      process.exit(code);
    }
    exitCode = code;
    log.warn({ signal, graceMs }, 'backfill stopping after the chunks in flight');
    beginStopping();
    // Unref'd and never disarmed: a backfill that ends in time exits before it fires.
    armHardDeadline(log, graceMs, code);
  };
  const onStop = (): void => {
    if (!stopping.signal.aborted) beginStopping();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  stop?.addEventListener('abort', onStop);
  if (stop?.aborted === true) onStop();
  return {
    stop: stopping.signal,
    abort: aborting.signal,
    exitCode: () => exitCode,
    dispose: () => {
      clearTimeout(grace);
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      stop?.removeEventListener('abort', onStop);
    },
  };
}
