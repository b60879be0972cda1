import type { RateWindow, RateWindowName } from './rate-windows.js';

/** A value, or a promise of one: the in-memory store answers at once, a shared one will not. */
export type Awaitable<T> = T | Promise<T>;

/** The answer to a reservation: granted (and recorded), or the earliest instant worth retrying. */
export type Reservation =
  { readonly granted: true } | { readonly granted: false; readonly retryAtMs: number };

/** How much of one window is taken at an instant. */
export interface WindowUsage {
  readonly name: RateWindowName;
  readonly limit: number;
  readonly used: number;
  /** Milliseconds until the oldest start in the window leaves it (0 when nothing is used). */
  readonly resetsInMs: number;
}

/** What a store holds at an instant, for {@link RateLimiterStore.snapshot}. */
export interface StoreSnapshot {
  readonly windows: readonly WindowUsage[];
  /** Epoch ms until which no call may start, or null when not paused. */
  readonly pausedUntil: number | null;
  /** True while the pause comes from an exhausted daily quota. */
  readonly parked: boolean;
}

/**
 * Where a rate limiter keeps its budget. The in-process limiter uses
 * {@link MemoryRateLimiterStore}; a store shared by several replicas (one budget per API key)
 * implements the same three operations, each atomically on its side, and plugs in unchanged.
 */
export interface RateLimiterStore {
  /**
   * Records a start of `cost` units at `nowMs` when every window has room and no pause is in
   * force; otherwise records nothing and says when the call could start.
   */
  reserve(windows: readonly RateWindow[], cost: number, nowMs: number): Awaitable<Reservation>;
  /**
   * Stops every start until `untilMs`; an earlier instant never shortens a pause in force.
   * `nowMs` is the caller's present, so a store on another clock can keep the duration.
   */
  pause(untilMs: number, parked: boolean, nowMs: number): Awaitable<void>;
  snapshot(windows: readonly RateWindow[], nowMs: number): Awaitable<StoreSnapshot>;
}

interface Start {
  readonly at: number;
  readonly cost: number;
}

/** The starts still inside one window, oldest first, with their running total. */
class WindowLog {
  private readonly starts: Start[] = [];
  private head = 0;
  used = 0;

  /** Drops starts that have left the window: a start at `s` counts for instants in [s, s + D). */
  prune(windowMs: number, nowMs: number): void {
    let first = this.starts[this.head];
    while (first !== undefined && first.at + windowMs <= nowMs) {
      this.used -= first.cost;
      first = this.starts[++this.head];
    }
    // Compact now and then so the array does not grow with every call ever made.
    if (this.head > 64 && this.head * 2 > this.starts.length) {
      this.starts.splice(0, this.head);
      this.head = 0;
    }
  }

  /** The instant enough of the oldest starts have left for `cost` more units to fit. */
  freeAt(window: RateWindow, cost: number): number {
    let excess = this.used + cost - window.limit;
    for (let i = this.head; i < this.starts.length; i++) {
      const start = this.starts[i] as Start;
      excess -= start.cost;
      if (excess <= 0) return start.at + window.windowMs;
    }
    // Only reached when cost alone exceeds the limit, which the limiter rejects beforehand.
    return Number.POSITIVE_INFINITY;
  }

  oldest(): number | undefined {
    return this.starts[this.head]?.at;
  }

  record(at: number, cost: number): void {
    this.starts.push({ at, cost });
    this.used += cost;
  }
}

/** The in-process store: an exact sliding log of start times per window. */
export class MemoryRateLimiterStore implements RateLimiterStore {
  private readonly logs = new Map<RateWindowName, WindowLog>();
  private pausedUntil = Number.NEGATIVE_INFINITY;
  private parked = false;

  reserve(windows: readonly RateWindow[], cost: number, nowMs: number): Reservation {
    if (nowMs < this.pausedUntil) return { granted: false, retryAtMs: this.pausedUntil };
    let retryAtMs = nowMs;
    for (const window of windows) {
      const log = this.logOf(window, nowMs);
      if (log.used + cost > window.limit) retryAtMs = Math.max(retryAtMs, log.freeAt(window, cost));
    }
    if (retryAtMs > nowMs) return { granted: false, retryAtMs };
    for (const window of windows) this.logOf(window, nowMs).record(nowMs, cost);
    return { granted: true };
  }

  pause(untilMs: number, parked: boolean): void {
    if (untilMs > this.pausedUntil) {
      this.pausedUntil = untilMs;
      this.parked = parked;
    } else if (untilMs === this.pausedUntil && parked) {
      this.parked = true;
    }
  }

  snapshot(windows: readonly RateWindow[], nowMs: number): StoreSnapshot {
    const paused = nowMs < this.pausedUntil;
    return {
      windows: windows.map((window) => {
        const log = this.logOf(window, nowMs);
        const oldest = log.oldest();
        return {
          name: window.name,
          limit: window.limit,
          used: log.used,
          resetsInMs: oldest === undefined ? 0 : oldest + window.windowMs - nowMs,
        };
      }),
      pausedUntil: paused ? this.pausedUntil : null,
      parked: paused && this.parked,
    };
  }

  private logOf(window: RateWindow, nowMs: number): WindowLog {
    let log = this.logs.get(window.name);
    if (log === undefined) {
      log = new WindowLog();
      this.logs.set(window.name, log);
    }
    log.prune(window.windowMs, nowMs);
    return log;
  }
}
