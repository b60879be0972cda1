import type { Logger } from 'pino';
import { envelopeJson } from '../contract/serialize.js';
import type { Envelope } from '../contract/types.js';
import type { TransportInstance } from '../plugins/types.js';

/** How one transport's buffer batches and what it does when full. */
export interface BufferPolicy {
  /** Most messages waiting in the buffer. */
  readonly capacity: number;
  /** Most messages handed to one `publish()` call. */
  readonly maxBatchMessages: number;
  /** Most serialized bytes in one batch (a single larger message still goes alone). */
  readonly maxBatchBytes: number;
  /** Longest a message waits for its batch to fill before the batch goes anyway. */
  readonly maxBatchDelayMs: number;
  /** `block` makes producers wait for room; `drop-oldest` discards the oldest, counted. */
  readonly whenFull: 'block' | 'drop-oldest';
}

/** Counters of one transport's buffer, for logs and metrics. */
export interface QueueStats {
  readonly depth: number;
  readonly delivered: number;
  readonly failed: number;
  readonly dropped: number;
  /**
   * Messages given up at shutdown: still buffered at {@link TransportQueue.close}, or offered
   * after it.
   */
  readonly abandoned: number;
}

interface Queued {
  readonly envelope: Envelope;
  readonly bytes: number;
}

/**
 * The bounded buffer between pipelines and one transport: producers `offer()` envelopes,
 * a single sender hands batches to `publish()` in order (by count, bytes or delay), and a slow
 * transport only ever fills its own buffer. Per-message results are counted, never thrown.
 */
export class TransportQueue {
  private readonly buffer: Queued[] = [];
  private readonly roomWaiters: (() => void)[] = [];
  private readonly idleWaiters: (() => void)[] = [];
  private timer: NodeJS.Timeout | undefined;
  private sending = false;
  private flushing = 0;
  private closed = false;
  private counts = { delivered: 0, failed: 0, dropped: 0, abandoned: 0 };

  constructor(
    readonly label: string,
    private readonly transport: TransportInstance,
    private readonly policy: BufferPolicy,
    private readonly log: Logger,
  ) {}

  /**
   * Buffers envelopes; with `block` it resolves once each has found room. Once the queue is
   * closed, envelopes are counted as abandoned and never reach the transport.
   */
  async offer(envelopes: readonly Envelope[]): Promise<void> {
    for (const [index, envelope] of envelopes.entries()) {
      if (this.closed) {
        this.abandonLate(envelopes.length - index);
        return;
      }
      while (this.buffer.length >= this.policy.capacity && !this.isClosed()) {
        if (this.policy.whenFull === 'drop-oldest') {
          this.buffer.shift();
          this.counts.dropped += 1;
          this.log.warn(
            { transport: this.label, dropped: this.counts.dropped },
            'buffer full, oldest message dropped',
          );
        } else {
          const room = new Promise<void>((resolve) => this.roomWaiters.push(resolve));
          this.kick();
          await room;
        }
      }
      // Closed while this producer waited for room.
      if (this.isClosed()) {
        this.abandonLate(envelopes.length - index);
        return;
      }
      this.buffer.push({ envelope, bytes: Buffer.byteLength(envelopeJson(envelope)) });
    }
    this.schedule();
  }

  /**
   * Stops the queue for good, at shutdown once the transport is about to stop: what is still
   * buffered is abandoned (counted), producers waiting for room and flushes return, and every
   * later offer is abandoned without reaching the transport. A batch already handed to
   * `publish()` goes on. Returns how many buffered messages were abandoned. Idempotent.
   */
  close(): number {
    if (this.closed) return 0;
    this.closed = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    const abandoned = this.buffer.splice(0).length;
    this.counts.abandoned += abandoned;
    this.wake(this.roomWaiters);
    this.wake(this.idleWaiters);
    return abandoned;
  }

  /** Resolves once every message offered before the call has been published (or failed). */
  async flush(): Promise<void> {
    this.flushing += 1;
    try {
      this.kick();
      while (!this.closed && (this.buffer.length > 0 || this.sending)) {
        await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
      }
    } finally {
      this.flushing -= 1;
    }
  }

  /** Current depth and counters. */
  stats(): QueueStats {
    return { depth: this.buffer.length, ...this.counts };
  }

  // A method, not the field: the flag changes while a producer awaits room.
  private isClosed(): boolean {
    return this.closed;
  }

  private abandonLate(messages: number): void {
    this.counts.abandoned += messages;
    this.log.warn(
      { transport: this.label, messages, abandoned: this.counts.abandoned },
      'transport stopped, late messages dropped',
    );
  }

  private schedule(): void {
    if (this.closed) return;
    if (this.isBatchReady() || this.flushing > 0) {
      this.kick();
    } else if (this.timer === undefined && this.buffer.length > 0) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.kick(true);
      }, this.policy.maxBatchDelayMs);
    }
  }

  private isBatchReady(): boolean {
    if (this.buffer.length >= this.policy.maxBatchMessages) return true;
    let bytes = 0;
    for (const item of this.buffer) {
      bytes += item.bytes;
      if (bytes >= this.policy.maxBatchBytes) return true;
    }
    return false;
  }

  private kick(timedOut = false): void {
    if (this.sending || this.closed) return;
    if (this.buffer.length === 0) {
      this.wake(this.idleWaiters);
      return;
    }
    if (!timedOut && this.flushing === 0 && !this.isBatchReady() && this.roomWaiters.length === 0) {
      this.schedule();
      return;
    }
    clearTimeout(this.timer);
    this.timer = undefined;
    this.sending = true;
    void this.sendBatch(this.takeBatch()).finally(() => {
      this.sending = false;
      this.wake(this.roomWaiters);
      this.kick(this.flushing > 0 || this.buffer.length > 0);
    });
  }

  private takeBatch(): Envelope[] {
    const batch: Envelope[] = [];
    let bytes = 0;
    while (this.buffer.length > 0 && batch.length < this.policy.maxBatchMessages) {
      const next = this.buffer[0] as Queued;
      if (batch.length > 0 && bytes + next.bytes > this.policy.maxBatchBytes) break;
      this.buffer.shift();
      batch.push(next.envelope);
      bytes += next.bytes;
    }
    return batch;
  }

  private async sendBatch(batch: Envelope[]): Promise<void> {
    try {
      const results = await this.transport.publish(batch);
      for (const result of results) {
        if (result.delivered) {
          this.counts.delivered += 1;
        } else {
          this.counts.failed += 1;
          this.log.warn(
            { transport: this.label, id: result.id, code: result.error.code },
            'message not delivered',
          );
        }
      }
    } catch (error) {
      this.counts.failed += batch.length;
      this.log.error(
        { transport: this.label, err: error, messages: batch.length },
        'publish failed',
      );
    }
  }

  private wake(waiters: (() => void)[]): void {
    for (const resolve of waiters.splice(0)) resolve();
  }
}
