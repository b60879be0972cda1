/** Schedules one callback; the rate limiter's seam for driving time in tests. */
export interface TimerScheduler {
  /** Runs `callback` once after `delayMs`; the returned function cancels it. */
  schedule(delayMs: number, callback: () => void): () => void;
}

/** setTimeout's largest delay; a longer one would fire at once. */
export const maxTimerDelayMs = 2_147_483_647;

/**
 * The real-time scheduler: setTimeout, unref'd so a limiter that still has a timer armed never
 * keeps the process alive on its own. Delays are clamped to what setTimeout accepts; callers
 * re-check the time when woken, so a clamped timer only costs one extra wake-up.
 */
export const systemScheduler: TimerScheduler = {
  schedule(delayMs, callback) {
    const timer = setTimeout(callback, Math.min(Math.max(0, delayMs), maxTimerDelayMs));
    timer.unref();
    return () => {
      clearTimeout(timer);
    };
  },
};
