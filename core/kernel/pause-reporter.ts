import type { Logger } from 'pino';
import { toIsoUtc } from '../contract/time.js';
import type { FailureInfo } from '../errors/index.js';
import type { RuntimeEvents } from '../runtime/events.js';
import type { LimiterPause } from '../runtime/rate-limiter.js';

/** Short pauses are logged at most this often: a storm of 429s gives one line a minute. */
export const pauseLogEveryMs = 60_000;

/**
 * Tells operators when a provider's rate gate holds every call: a parked daily quota at once,
 * as a warning and a `provider.quota_parked` event for notifiers (nothing is fetched until the
 * reset), and shorter pauses (a 429's Retry-After, a minute's quota) as a warning at most once
 * a minute, with how many there were. A pause already reported is not reported again when
 * other callers meet the same limit.
 */
export class PauseReporter {
  private reportedUntilMs = 0;
  private parkedUntilMs = 0;
  private lastLogAtMs = Number.NEGATIVE_INFINITY;
  private unreported = 0;

  constructor(
    private readonly provider: string,
    private readonly log: Logger,
    private readonly events: Pick<RuntimeEvents, 'emit'> | undefined,
  ) {}

  /** Called with every pause the gate applied, `nowMs` being when it was asked for. */
  report(pause: LimiterPause, failure: FailureInfo, nowMs: number): void {
    if (pause.parked) {
      this.reportPark(pause, failure);
      return;
    }
    // Callers meeting the limit together ask for about the same pause: one is news.
    if (pause.untilMs <= this.reportedUntilMs) return;
    this.reportedUntilMs = pause.untilMs;
    this.unreported += 1;
    if (nowMs - this.lastLogAtMs < pauseLogEveryMs) return;
    const fields = {
      provider: this.provider,
      quota: failure.quota,
      status: failure.status,
      pausedForMs: pause.untilMs - nowMs,
      pauses: this.unreported,
    };
    this.log.warn(fields, 'rate limited by the provider, calls paused');
    this.lastLogAtMs = nowMs;
    this.unreported = 0;
  }

  /**
   * Called when a call must wait long for the budget: says so once per wait that no reported
   * pause explains (a pause or park another replica set in the shared store, say).
   */
  reportWait(untilMs: number, nowMs: number): void {
    // Waits end a little after the pause that caused them, on the window's margin.
    if (untilMs <= this.reportedUntilMs + pauseLogEveryMs) return;
    this.reportedUntilMs = untilMs;
    const fields = {
      provider: this.provider,
      waitMs: untilMs - nowMs,
      resumesAt: toIsoUtc(untilMs),
    };
    this.log.warn(fields, 'calls held by the rate limit');
  }

  private reportPark(pause: LimiterPause, failure: FailureInfo): void {
    // Later callers of the same spent quota park until about the same instant.
    if (pause.untilMs <= this.parkedUntilMs + pauseLogEveryMs) return;
    this.parkedUntilMs = pause.untilMs;
    this.reportedUntilMs = Math.max(this.reportedUntilMs, pause.untilMs);
    const fields = {
      provider: this.provider,
      quota: failure.quota,
      resumesAt: toIsoUtc(pause.untilMs),
    };
    this.log.warn(fields, 'daily quota spent, provider parked until it resets');
    this.events?.emit('provider.quota_parked', fields);
  }
}
