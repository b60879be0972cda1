import { constants } from 'node:os';
import type { Logger } from 'pino';
import type { Kernel } from '../../kernel/kernel.js';
import type { PipelineRunner } from '../../runtime/pipeline-runner.js';

/**
 * Once the grace period has run out with work abandoned, the plugins still left to stop share
 * this much more time.
 */
export const lateStopMs = 1_000;

/** Whatever hangs, the process exits this long after the grace period (exit 1, or 130/143). */
export const hardCapMs = 2_000;

/** After a finished shutdown, how long an abandoned poll may hold the process before it exits. */
const lingerMs = 250;

/** The first SIGINT or SIGTERM; a second one exits the process at once. */
export interface ShutdownSignals {
  /** Resolves with the first signal received. */
  readonly first: Promise<NodeJS.Signals>;
  /** Removes the handlers (a signal then acts as it does by default). */
  dispose(): void;
}

/** 128 + the signal's number, as a shell reports a process the signal ended: 130, 143. */
export function signalExitCode(signal: NodeJS.Signals): number {
  return 128 + constants.signals[signal];
}

/**
 * Handles SIGINT and SIGTERM from now on: the first resolves `first` (the caller shuts down),
 * a second exits the process at once with 130 (SIGINT) or 143 (SIGTERM).
 */
export function listenForSignals(log: Logger): ShutdownSignals {
  let received: NodeJS.Signals | undefined;
  let resolveFirst: (signal: NodeJS.Signals) => void = () => undefined;
  const first = new Promise<NodeJS.Signals>((resolve) => {
    resolveFirst = resolve;
  });
  const onSignal = (signal: NodeJS.Signals): void => {
    if (received !== undefined) {
      log.warn({ signal, first: received }, 'second signal, exiting now');
      process.exit(signalExitCode(signal));
    }
    received = signal;
    log.warn({ signal }, 'shutting down');
    resolveFirst(signal);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    first,
    dispose: () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}

/**
 * Ends the process with `exitCode` if it is still alive `graceMs` + {@link hardCapMs} from now:
 * the last resort when a plugin's stop (or anything else) never returns. The timer does not
 * keep the process alive; `cancel` disarms it.
 */
export function armHardDeadline(log: Logger, graceMs: number, exitCode: number): () => void {
  const timer = setTimeout(() => {
    log.error({ gracePeriodMs: graceMs, hardCapMs, exitCode }, 'shutdown overran, exiting now');
    process.exit(exitCode);
  }, graceMs + hardCapMs);
  timer.unref();
  return () => {
    clearTimeout(timer);
  };
}

/**
 * Makes sure the process ends soon with `exitCode` once the shutdown is over, even when an
 * abandoned poll (a provider deaf to the abort) still holds a timer or a socket. The timer
 * does not keep the process alive, so a clean process exits at once on its own.
 */
export function exitSoon(exitCode: number): void {
  setTimeout(() => process.exit(exitCode), lingerMs).unref();
}

/**
 * {@link shutDown} under a hard deadline: if it is not over {@link hardCapMs} after the grace
 * period, the process exits with `hardExitCode`.
 */
export async function shutDownWithin(shutdown: Shutdown, hardExitCode: number): Promise<number> {
  const cancelHardDeadline = armHardDeadline(shutdown.log, shutdown.graceMs, hardExitCode);
  try {
    return await shutDown(shutdown);
  } finally {
    cancelHardDeadline();
  }
}

/** What {@link shutDown} needs. */
export interface Shutdown {
  readonly runner: PipelineRunner;
  readonly kernel: Kernel;
  readonly log: Logger;
  readonly graceMs: number;
  readonly now: () => number;
}

/**
 * The shutdown of `stockpoller run`, bounded by the grace period as a whole: stop scheduling,
 * let polls in flight finish and the buffers drain, stop the plugins in reverse order. When
 * the period runs out it warns with what was left, aborts the polls, abandons what is still
 * buffered (and whatever a late poll hands over), and stops the plugins anyway, giving them
 * {@link lateStopMs} more. Logs a summary; returns 0 when everything ended in time, else 1.
 */
export async function shutDown({ runner, kernel, log, graceMs, now }: Shutdown): Promise<number> {
  const startedAt = now();
  const graceEnd = startedAt + graceMs;
  const drain = await runner.stop(graceMs);
  if (!drain.complete) {
    log.warn(
      { gracePeriodMs: graceMs, polling: drain.polling, buffered: drain.buffered },
      'grace period expired, abandoning polls and buffered messages',
    );
  }

  const deadlineMs = drain.complete ? graceEnd : graceEnd + lateStopMs;
  const { abandoned } = await kernel.stop({ deadlineMs });
  if (drain.complete && abandoned.length > 0) {
    log.warn(
      { gracePeriodMs: graceMs, plugins: abandoned },
      'grace period expired, plugins abandoned',
    );
  }

  const exitCode = drain.complete && abandoned.length === 0 ? 0 : 1;
  const skippedTicks = Object.fromEntries(runner.skippedTicks());
  const deliveries = Object.fromEntries(runner.deliveryStats());
  log.info(
    {
      exitCode,
      elapsedMs: now() - startedAt,
      skippedTicks,
      deliveries,
      abandonedPlugins: abandoned,
    },
    'stopped',
  );
  return exitCode;
}
