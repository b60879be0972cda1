import type { Logger } from 'pino';
import type { PluginInstance, PluginKind } from '../plugins/types.js';
import { withTimeout } from './timeout.js';

/** When {@link Kernel.stop} must be done by. */
export interface StopBudget {
  /**
   * Clock time (ms) by which every stop must have ended: each plugin's stop is bounded by the
   * time left (and by 10 s); once it has passed, the remaining plugins are still asked to stop
   * but not waited for.
   */
  readonly deadlineMs: number;
}

/** What {@link Kernel.stop} could not finish in time. */
export interface StopReport {
  /**
   * `kind "label"` of each instance whose stop (or start, when stopped mid-start) was left
   * running.
   */
  readonly abandoned: readonly string[];
}

/** The instance whose start() is under way, so that a stop during startup can wait for it. */
export interface Starting {
  readonly kind: PluginKind;
  readonly label: string;
  instance: PluginInstance | undefined;
  readonly settled: Promise<void>;
}

/**
 * Stops one instance within `timeoutMs`: true when its stop ended (a failure is logged and
 * counts as ended), false when it was still running then (logged; it is not waited for).
 */
export async function stopInstance(
  log: Logger,
  instance: PluginInstance,
  timeoutMs: number,
): Promise<boolean> {
  const timedOut = new Error(`stop did not end within ${timeoutMs} ms`);
  try {
    // then(): a stop() that throws at once fails like one that rejects.
    const stopping = Promise.resolve().then(() => instance.stop?.());
    await withTimeout(stopping, timeoutMs, () => timedOut);
    log.debug({}, 'plugin stopped');
    return true;
  } catch (error) {
    if (error === timedOut) {
      log.warn({ timeoutMs }, 'plugin stop abandoned, still running');
      return false;
    }
    log.warn({ err: error }, 'plugin failed to stop cleanly');
    return true;
  }
}

/** Resolves true when `work` settles (either way) within `ms`, else false; never rejects. */
export async function settlesWithin(work: Promise<unknown>, ms: number): Promise<boolean> {
  const settled = work.then(
    () => true,
    () => true,
  );
  return withTimeout(settled, ms, () => new Error('late')).catch(() => false);
}
