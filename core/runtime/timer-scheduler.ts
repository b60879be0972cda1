/** Schedules one callback; the rate limiter's seam for driving time in tests. */
export interface TimerScheduler {
  /** Runs `callback` once after `delayMs`; the returned function cancels it. */
  schedule(delayMs: number, callback: () => void): () => void;
}

/** setTimeout's largest delay; a longer one would fire at once. */
export const maxTimerDelayMs = 2_147_483_647;

/**
 * The real-time scheduler: setTimeout. The limiter arms a timer only while a caller waits for
 * a slot, so the timer keeps the process alive exactly as long as there is waiting work (an
 * unref'd one let `run --once` end mid-wait with exit 13). Delays are clamped to what
 * setTimeout accepts; callers re-check the time when woken, so a clamped timer only costs one
 * extra wake-up.
 */
export const systemScheduler: TimerScheduler = {
  schedule(delayMs, callback) {
    const timer = setTimeout(callback, Math.min(Math.max(0, delayMs), maxTimerDelayMs));
    return () => {
      clearTimeout(timer);
    };
  },
};
