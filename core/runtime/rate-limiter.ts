import { StockpollerError, type FailureInfo } from '../errors/index.js';
import type { Clock } from '../plugins/types.js';
import { untilNextUtcMidnight } from '../providers/failure.js';
import {
  MemoryRateLimiterStore,
  type RateLimiterStore,
  type WindowUsage,
} from './rate-limiter-store.js';
import {
  rateWindowMs,
  resolveRateWindows,
  type RateLimitOverrides,
  type RateLimits,
  type RateWindow,
} from './rate-windows.js';
import { systemScheduler, type TimerScheduler } from './timer-scheduler.js';

/** How to build a {@link RateLimiter}. */
export interface RateLimiterOptions {
  /** The provider's declared limits (its `capabilities.rateLimits`). */
  readonly limits: RateLimits;
  /** Per-window replacements from the manifest; `null` drops a window. */
  readonly overrides?: RateLimitOverrides;
  /** Default: Date.now. */
  readonly clock?: Clock;
  /** Default: setTimeout. */
  readonly scheduler?: TimerScheduler;
  /** Default: an in-process {@link MemoryRateLimiterStore}. */
  readonly store?: RateLimiterStore;
  /** Milliseconds to a daily quota's reset when the failure does not say. Default: UTC midnight. */
  readonly dailyResetInMs?: (nowMs: number) => number;
  /**
   * Milliseconds added to every window (default 0): a provider counts a request when it
   * arrives, a variable delay after the limiter let it start, so back-to-back windows need this
   * much slack for the provider never to see one request too many.
   */
  readonly marginMs?: number;
  /**
   * Told when the head of the queue must wait at least {@link longWaitMs}: `untilMs` is when
   * it may start.
   */
  readonly onLongWait?: (untilMs: number, nowMs: number) => void;
}

/**
 * A wait for the budget this long is worth telling an operator about: per-second and
 * per-minute windows never hold a call this long, so it comes from a spent hourly or daily
 * budget, or a pause or park (possibly set by another replica in a shared store).
 */
export const longWaitMs = 120_000;

/** A pause every caller waits out. */
export interface LimiterPause {
  /** Epoch ms when calls may start again. */
  readonly untilMs: number;
  /** True for an exhausted daily quota. */
  readonly parked: boolean;
}

/** The limiter at an instant, for metrics and logs. */
export interface RateLimiterState {
  readonly windows: readonly WindowUsage[];
  /** Callers waiting in `acquire()`. */
  readonly waiters: number;
  /** Epoch ms until which every caller waits, or null. */
  readonly pausedUntil: number | null;
  /** True while an exhausted daily quota holds every caller until its reset. */
  readonly parked: boolean;
}

interface Waiter {
  readonly cost: number;
  readonly resolve: () => void;
  readonly reject: (reason: unknown) => void;
  readonly detach: () => void;
}

const systemClock: Clock = { now: () => Date.now() };

/**
 * The call budget of one provider instance, shared by every pipeline that polls it. Callers
 * wait in `acquire()` in arrival order; the head of the queue starts at the first instant every
 * sliding window has room for it, woken by a single timer, and nobody overtakes it.
 */
export class RateLimiter {
  /** The windows enforced, shortest first. */
  readonly windows: readonly RateWindow[];
  private readonly clock: Clock;
  private readonly scheduler: TimerScheduler;
  private readonly store: RateLimiterStore;
  private readonly dailyResetInMs: (nowMs: number) => number;
  private readonly onLongWait: ((untilMs: number, nowMs: number) => void) | undefined;
  private readonly waiters: Waiter[] = [];
  private cancelTimer: (() => void) | undefined;
  private draining = false;
  private drainAgain = false;

  constructor(options: RateLimiterOptions) {
    const marginMs = options.marginMs ?? 0;
    this.windows = resolveRateWindows(options.limits, options.overrides).map((window) => ({
      ...window,
      windowMs: window.windowMs + marginMs,
    }));
    this.clock = options.clock ?? systemClock;
    this.scheduler = options.scheduler ?? systemScheduler;
    this.store = options.store ?? new MemoryRateLimiterStore();
    this.dailyResetInMs = options.dailyResetInMs ?? untilNextUtcMidnight;
    this.onLongWait = options.onLongWait;
  }

  /**
   * Resolves when a call of `cost` units (one per request the call makes) may start, and counts
   * it as started. Rejects with the signal's reason when `signal` aborts first, giving up its
   * place; rejects with a StockpollerError when `cost` could never fit a window.
   */
  acquire(cost = 1, signal?: AbortSignal): Promise<void> {
    const invalid = this.findCostError(cost);
    if (invalid !== undefined) return Promise.reject(invalid);
    if (signal?.aborted === true) return Promise.reject(signal.reason as Error);
    return new Promise<void>((resolve, reject) => {
      const onAbort = (): void => {
        this.remove(waiter);
        reject(signal?.reason as Error);
      };
      const waiter: Waiter = {
        cost,
        resolve,
        reject,
        detach: () => signal?.removeEventListener('abort', onAbort),
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiters.push(waiter);
      this.drain();
    });
  }

  /**
   * Honours a `rate_limited` failure: every caller waits out its Retry-After, a `day` quota
   * parks the limiter until the reported (or the daily) reset, and a shorter quota pauses for
   * that window. Returns false, changing nothing, for any other failure.
   */
  async penalize(failure: FailureInfo): Promise<boolean> {
    const now = this.clock.now();
    const pause = this.pauseFor(failure, now);
    if (pause === undefined) return false;
    await this.applyPause(pause, now);
    return true;
  }

  /** Makes every caller wait out `pause` (see {@link pauseFor}), asked for at `nowMs`. */
  async applyPause(pause: LimiterPause, nowMs: number): Promise<void> {
    await this.store.pause(pause.untilMs, pause.parked, nowMs);
    // The armed timer may be due before the pause ends; re-arming spares a pointless wake-up.
    this.drain();
  }

  /**
   * The pause a failure asks for at `nowMs`: until its Retry-After, or the reset of its quota
   * (UTC midnight for a daily one, which parks the limiter); undefined when it is no rate limit.
   */
  pauseFor(failure: FailureInfo, nowMs: number): LimiterPause | undefined {
    if (failure.kind !== 'rate_limited') return undefined;
    const quota = failure.quota;
    const fallbackMs =
      quota === 'day'
        ? this.dailyResetInMs(nowMs)
        : rateWindowMs[quota ?? this.windows[0]?.name ?? 'second'];
    return { untilMs: nowMs + (failure.retryAfterMs ?? fallbackMs), parked: quota === 'day' };
  }

  /**
   * Usage of every window, queue length and pause, as the store sees them now. Rejects while a
   * shared store cannot answer (Redis unreachable).
   */
  async state(): Promise<RateLimiterState> {
    const snapshot = await this.store.snapshot(this.windows, this.clock.now());
    return { ...snapshot, waiters: this.waiters.length };
  }

  /** The largest cost a call may have: the smallest limit of any window (Infinity with none). */
  largestCost(): number {
    return Math.min(...this.windows.map((window) => window.limit));
  }

  /** Why `cost` can never be granted, or undefined when it can. */
  private findCostError(cost: number): StockpollerError | undefined {
    if (!Number.isInteger(cost) || cost <= 0) {
      return new StockpollerError('SP_ERR_INTERNAL', `rate limiter cost ${cost} is not a count`);
    }
    const tooSmall = this.windows.find((window) => window.limit < cost);
    if (tooSmall !== undefined) {
      return new StockpollerError(
        'SP_ERR_CONFIG_BAD_VALUE',
        `a call costing ${cost} can never fit the limit of ${tooSmall.limit} per ${tooSmall.name}`,
        'raise the limit or ask for fewer symbols per call',
      );
    }
    return undefined;
  }

  private remove(waiter: Waiter): void {
    const index = this.waiters.indexOf(waiter);
    if (index < 0) return;
    this.waiters.splice(index, 1);
    waiter.detach();
    // A smaller request behind a departed head may fit at once.
    if (index === 0) this.drain();
  }

  /** Starts the queue's processing unless it is running, in which case it runs once more. */
  private drain(): void {
    if (this.draining) {
      this.drainAgain = true;
      return;
    }
    this.draining = true;
    void this.admit().finally(() => {
      this.draining = false;
      if (this.drainAgain) {
        this.drainAgain = false;
        this.drain();
      }
    });
  }

  /** Admits waiters from the head while they fit, then arms one timer for the head. */
  private async admit(): Promise<void> {
    this.disarm();
    for (let head = this.waiters[0]; head !== undefined; head = this.waiters[0]) {
      const now = this.clock.now();
      let reservation;
      try {
        reservation = await this.store.reserve(this.windows, head.cost, now);
      } catch (error) {
        // A broken store fails every waiter rather than leaving them hanging.
        for (const waiter of this.waiters.splice(0)) {
          waiter.detach();
          waiter.reject(error);
        }
        return;
      }
      if (reservation.granted) {
        // A head aborted while the store answered has lost its place; its units stay spent.
        if (this.waiters[0] === head) {
          this.waiters.shift();
          head.detach();
          head.resolve();
        }
        continue;
      }
      if (this.waiters[0] !== head) continue;
      const delayMs = reservation.retryAtMs - now;
      if (delayMs >= longWaitMs) this.onLongWait?.(reservation.retryAtMs, now);
      this.cancelTimer = this.scheduler.schedule(delayMs, () => {
        this.cancelTimer = undefined;
        this.drain();
      });
      return;
    }
  }

  private disarm(): void {
    this.cancelTimer?.();
    this.cancelTimer = undefined;
  }
}
