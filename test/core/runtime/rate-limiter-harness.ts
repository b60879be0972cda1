import sinon from 'sinon';
import { RateLimiter, type RateLimiterOptions } from '../../../core/runtime/rate-limiter.js';
import type { RateWindow } from '../../../core/runtime/rate-windows.js';
import type { TimerScheduler } from '../../../core/runtime/timer-scheduler.js';

/** 2026-03-10T15:00:00Z, a Tuesday afternoon. */
export const t0 = Date.UTC(2026, 2, 10, 15);

/** A limiter driven by sinon fake timers, counting the timers it arms. */
export interface Harness {
  readonly fake: sinon.SinonFakeTimers;
  readonly limiter: RateLimiter;
  /** How many timers the limiter has armed so far. */
  armed(): number;
  /** Ms since t0. */
  elapsed(): number;
}

/** Builds a limiter on a fake clock starting at t0; restore `fake` after the test. */
export function createHarness(options: Omit<RateLimiterOptions, 'clock' | 'scheduler'>): Harness {
  const fake = sinon.useFakeTimers({ now: t0, toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  let armed = 0;
  const scheduler: TimerScheduler = {
    schedule(delayMs, callback) {
      armed++;
      const id = fake.setTimeout(callback, delayMs);
      return () => {
        fake.clearTimeout(id);
      };
    },
  };
  const limiter = new RateLimiter({ ...options, clock: { now: () => fake.now }, scheduler });
  return { fake, limiter, armed: () => armed, elapsed: () => fake.now - t0 };
}

/** One call as a test saw it: when it asked, what it cost, and when it was let start. */
export interface Call {
  readonly arrival: number;
  readonly cost: number;
  start?: number;
}

/**
 * The largest total cost that started in any span `[s, s + windowMs)` beginning at a recorded
 * start: every span worth checking, since a span's total only rises at a start.
 */
export function peakUsage(calls: readonly Call[], windowMs: number): number {
  let peak = 0;
  for (const from of calls) {
    if (from.start === undefined) continue;
    const begin = from.start;
    const total = calls
      .filter((c) => c.start !== undefined && c.start >= begin && c.start < begin + windowMs)
      .reduce((sum, c) => sum + c.cost, 0);
    peak = Math.max(peak, total);
  }
  return peak;
}

/**
 * The start instants an ideal FIFO limiter gives `calls` (in arrival order): each call starts at
 * the first instant, no earlier than its arrival and its predecessor's start, where every window
 * has room. Brute force over the only instants that can matter: that lower bound, and the
 * instants an earlier start leaves a window.
 */
export function idealStarts(calls: readonly Call[], windows: readonly RateWindow[]): number[] {
  const starts: number[] = [];
  calls.forEach((call, i) => {
    const lower = Math.max(call.arrival, starts[i - 1] ?? Number.NEGATIVE_INFINITY);
    const candidates = [lower];
    for (const s of starts) for (const w of windows) candidates.push(s + w.windowMs);
    const fits = (t: number): boolean =>
      windows.every((w) => {
        const used = starts
          .map((s, j) => (s > t - w.windowMs && s <= t ? (calls[j]?.cost ?? 0) : 0))
          .reduce((a, b) => a + b, 0);
        return used + call.cost <= w.limit;
      });
    const start = candidates
      .filter((t) => t >= lower)
      .sort((a, b) => a - b)
      .find(fits);
    starts.push(start ?? Number.NaN);
  });
  return starts;
}

/** A small deterministic generator, so a failing simulation can be replayed. */
export function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}
