import type { Envelope } from '../contract/types.js';
import type { TransportQueue } from './transport-queue.js';

/**
 * Hands the envelopes of one backfill chunk to every transport buffer and tells whether all
 * of them were delivered. The buffers count deliveries, not per chunk, so chunks are handed
 * over one at a time: a chunk's envelopes are offered, every buffer is flushed, and a rise of
 * any buffer's failed or dropped counter belongs to that chunk. Fetching still runs in
 * parallel; only this hand-over is serialized. The buffers must not be shared with anything
 * else that publishes meanwhile.
 */
export class ChunkDelivery {
  private last: Promise<unknown> = Promise.resolve();

  constructor(private readonly queues: readonly TransportQueue[]) {}

  /**
   * Resolves true once every transport delivered every envelope, false when a buffer counted a
   * failed or dropped message during the hand-over. Never rejects for a delivery failure.
   */
  deliver(envelopes: readonly Envelope[]): Promise<boolean> {
    const turn = this.last.then(() => this.deliverNow(envelopes));
    this.last = turn.catch(() => undefined);
    return turn;
  }

  private async deliverNow(envelopes: readonly Envelope[]): Promise<boolean> {
    if (envelopes.length === 0) return true;
    const lostBefore = this.lost();
    await Promise.all(this.queues.map((queue) => queue.offer(envelopes)));
    await Promise.all(this.queues.map((queue) => queue.flush()));
    return this.lost() === lostBefore;
  }

  private lost(): number {
    return this.queues.reduce((sum, queue) => {
      const stats = queue.stats();
      // Abandoned: offered to a buffer closed by the shutdown, so never published.
      return sum + stats.failed + stats.dropped + stats.abandoned;
    }, 0);
  }
}
