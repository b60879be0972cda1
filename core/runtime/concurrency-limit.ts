/** Gives a slot back; calling it twice gives back one slot only. */
export type ReleaseSlot = () => void;

interface Waiter {
  readonly grant: (release: ReleaseSlot) => void;
  readonly detach: () => void;
}

/** How busy a {@link ConcurrencyLimit} is, for metrics and logs. */
export interface ConcurrencyState {
  readonly limit: number;
  /** Slots taken now. */
  readonly inFlight: number;
  /** Callers queued for a slot. */
  readonly waiting: number;
}

/**
 * A counting semaphore: at most `limit` holders at once, the others served first come, first
 * served. A queued caller whose AbortSignal aborts leaves the queue without taking a slot.
 */
export class ConcurrencyLimit {
  private inFlight = 0;
  private readonly waiters: Waiter[] = [];

  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) {
      throw new RangeError(`a concurrency limit must be a positive integer, not ${String(limit)}`);
    }
  }

  /**
   * Resolves with the function that gives the slot back once a slot is free and every earlier
   * caller was served. Rejects with the signal's reason when `signal` aborts first.
   */
  acquire(signal?: AbortSignal): Promise<ReleaseSlot> {
    if (signal?.aborted === true) return Promise.reject(abortReason(signal));
    if (this.inFlight < this.limit && this.waiters.length === 0) {
      this.inFlight += 1;
      return Promise.resolve(this.releaseOnce());
    }

    return new Promise<ReleaseSlot>((resolve, reject) => {
      const onAbort = (): void => {
        const index = this.waiters.indexOf(waiter);
        if (index !== -1) this.waiters.splice(index, 1);
        reject(abortReason(signal));
      };
      const waiter: Waiter = {
        grant: resolve,
        detach: () => signal?.removeEventListener('abort', onAbort),
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiters.push(waiter);
    });
  }

  /** Runs `work` holding a slot, and gives the slot back however `work` ends. */
  async run<T>(work: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    const release = await this.acquire(signal);
    try {
      return await work();
    } finally {
      release();
    }
  }

  state(): ConcurrencyState {
    return { limit: this.limit, inFlight: this.inFlight, waiting: this.waiters.length };
  }

  private releaseOnce(): ReleaseSlot {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.handOver();
    };
  }

  // The slot passes straight to the head of the queue, so a newcomer cannot overtake it.
  private handOver(): void {
    const next = this.waiters.shift();
    if (next === undefined) {
      this.inFlight -= 1;
      return;
    }
    next.detach();
    next.grant(this.releaseOnce());
  }
}

/** The reason an aborted signal carries, as an Error (AbortSignal.abort() gives a DOMException). */
export function abortReason(signal: AbortSignal | undefined): Error {
  const reason: unknown = signal?.reason;
  if (reason instanceof Error) return reason;
  return new DOMException('The operation was aborted.', 'AbortError');
}
