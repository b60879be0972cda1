import type { Logger } from 'pino';
import { describeError } from '../errors/index.js';

/** Delays between attempts while a shared store fails: `firstMs`, doubling up to `maxMs`. */
export interface OutageBackoff {
  readonly firstMs: number;
  readonly maxMs: number;
}

/** How to build a {@link StoreOutage}. */
export interface StoreOutageOptions {
  /** Names the budget in logs (a hash, never the API key). */
  readonly budgetKey: string;
  readonly log?: Logger;
  readonly backoff?: OutageBackoff;
  readonly redact?: (text: string) => string;
}

const defaultBackoff: OutageBackoff = { firstMs: 250, maxMs: 5000 };
/** While an outage lasts, a reminder at most this often, so logs show it is still going on. */
const reminderEveryMs = 60_000;

/**
 * Tracks a run of failures of a shared rate-limit store: how long to hold callers before the
 * next attempt, and what to log. One warning when the store starts failing and a reminder a
 * minute, not one per attempt; one info line when it answers again.
 */
export class StoreOutage {
  private readonly budgetKey: string;
  private readonly log: Logger | undefined;
  private readonly backoff: OutageBackoff;
  private readonly redact: (text: string) => string;
  private failures = 0;
  private startedAtMs = 0;
  private lastWarnedAtMs = 0;

  constructor(options: StoreOutageOptions) {
    this.budgetKey = options.budgetKey;
    this.log = options.log;
    this.backoff = options.backoff ?? defaultBackoff;
    this.redact = options.redact ?? ((text) => text);
  }

  /** Records a failed attempt at `nowMs`; returns the milliseconds to wait before the next. */
  failed(error: unknown, nowMs: number): number {
    const retryInMs = Math.min(this.backoff.firstMs * 2 ** this.failures, this.backoff.maxMs);
    if (this.failures === 0) this.startedAtMs = nowMs;
    this.failures++;
    const first = this.failures === 1;
    if (first || nowMs - this.lastWarnedAtMs >= reminderEveryMs) {
      this.lastWarnedAtMs = nowMs;
      const fields = {
        budget: this.budgetKey,
        failures: this.failures,
        outageMs: nowMs - this.startedAtMs,
        retryInMs,
        reason: this.redact(describeError(error)),
      };
      this.log?.warn(fields, 'shared rate limit store failing, holding calls');
    }
    return retryInMs;
  }

  /** Records a successful attempt; logs the end of an outage once. */
  recovered(nowMs: number): void {
    if (this.failures === 0) return;
    const fields = {
      budget: this.budgetKey,
      failures: this.failures,
      outageMs: nowMs - this.startedAtMs,
    };
    this.failures = 0;
    this.log?.info(fields, 'shared rate limit store reachable again');
  }
}
