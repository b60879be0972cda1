import { expect } from 'chai';
import { pino } from 'pino';
import sinon from 'sinon';
import { messageAttributesOf } from '../../../core/contract/attributes.js';
import type { Envelope } from '../../../core/contract/types.js';
import { StockpollerError } from '../../../core/errors/index.js';
import type { DeliveryResult, TransportInstance } from '../../../core/plugins/types.js';
import { TransportQueue, type BufferPolicy } from '../../../core/runtime/transport-queue.js';

const log = pino({ level: 'silent' });

function envelope(n: number): Envelope {
  return {
    schema: 'stockpoller.quote',
    schemaVersion: 1,
    id: n.toString(16).padStart(32, '0'),
    fetchedAt: '2026-03-10T15:00:00.000Z',
    pipeline: 'p',
    record: {
      symbol: `S${n}`,
      provider: 'x',
      price: 1,
      open: null,
      high: null,
      low: null,
      close: null,
      previousClose: null,
      change: null,
      changePercent: null,
      volume: null,
      currency: null,
      timestamp: '2026-03-10T15:00:00.000Z',
    },
  };
}

/** A transport that records batches and answers when released (or at once). */
function manualTransport(
  auto = true,
): TransportInstance & { batches: string[][]; release(): void } {
  const batches: string[][] = [];
  let pending: (() => void)[] = [];
  return {
    batches,
    release() {
      for (const resolve of pending.splice(0)) resolve();
      pending = [];
    },
    async publish(envelopes): Promise<DeliveryResult[]> {
      batches.push(envelopes.map((e) => messageAttributesOf(e).symbol));
      if (!auto) await new Promise<void>((resolve) => pending.push(resolve));
      return envelopes.map((e) => ({ id: e.id, delivered: true as const }));
    },
  };
}

const policy = (overrides: Partial<BufferPolicy> = {}): BufferPolicy => ({
  capacity: 100,
  maxBatchMessages: 3,
  maxBatchBytes: 1_000_000,
  maxBatchDelayMs: 50,
  whenFull: 'block',
  ...overrides,
});

describe('TransportQueue', () => {
  afterEach(() => {
    sinon.restore();
  });

  describe('offer()', () => {
    it('sends full batches at once and in order', async () => {
      const transport = manualTransport();
      const queue = new TransportQueue('t', transport, policy(), log);
      await queue.offer([1, 2, 3, 4, 5, 6].map(envelope));
      await queue.flush();

      expect(transport.batches).to.deep.equal([
        ['S1', 'S2', 'S3'],
        ['S4', 'S5', 'S6'],
      ]);
      expect(queue.stats()).to.deep.equal({
        depth: 0,
        delivered: 6,
        failed: 0,
        dropped: 0,
        abandoned: 0,
      });
    });

    it('sends a partial batch once its delay has passed', async () => {
      const clock = sinon.useFakeTimers();
      const transport = manualTransport();
      const queue = new TransportQueue('t', transport, policy({ maxBatchDelayMs: 200 }), log);
      await queue.offer([envelope(1)]);
      await clock.tickAsync(199);
      expect(transport.batches).to.deep.equal([]);

      await clock.tickAsync(1);
      expect(transport.batches).to.deep.equal([['S1']]);
    });

    it('cuts batches by bytes, letting one large message go alone', async () => {
      const transport = manualTransport();
      const size = Buffer.byteLength(JSON.stringify(envelope(1)));
      const queue = new TransportQueue(
        't',
        transport,
        policy({ maxBatchMessages: 10, maxBatchBytes: size * 2 }),
        log,
      );
      await queue.offer([1, 2, 3, 4, 5].map(envelope));
      await queue.flush();
      expect(transport.batches.map((b) => b.length)).to.deep.equal([2, 2, 1]);
    });

    it('makes producers wait for room when full and blocking', async () => {
      const transport = manualTransport(false);
      const queue = new TransportQueue(
        't',
        transport,
        policy({ capacity: 2, maxBatchMessages: 2 }),
        log,
      );
      let accepted = false;
      const offering = queue.offer([1, 2, 3, 4, 5].map(envelope)).then(() => {
        accepted = true;
      });
      await new Promise((resolve) => setImmediate(resolve));
      expect(accepted).to.equal(false);
      expect(queue.stats().depth).to.be.at.most(2);

      for (let round = 0; round < 5; round += 1) {
        transport.release();
        await new Promise((resolve) => setImmediate(resolve));
      }
      await offering;
      const flushed = queue.flush();
      for (let round = 0; round < 5; round += 1) {
        transport.release();
        await new Promise((resolve) => setImmediate(resolve));
      }
      await flushed;
      expect(transport.batches.flat()).to.deep.equal(['S1', 'S2', 'S3', 'S4', 'S5']);
      expect(queue.stats().dropped).to.equal(0);
    });

    it('drops and counts the oldest messages when full and set to drop-oldest', async () => {
      const transport = manualTransport(false);
      const queue = new TransportQueue(
        't',
        transport,
        policy({ capacity: 2, maxBatchMessages: 1, whenFull: 'drop-oldest' }),
        log,
      );
      await queue.offer([envelope(1)]);
      await new Promise((resolve) => setImmediate(resolve));
      await queue.offer([2, 3, 4, 5].map(envelope));

      expect(queue.stats()).to.include({ depth: 2, dropped: 2 });
      const flushed = queue.flush();
      for (let round = 0; round < 5; round += 1) {
        transport.release();
        await new Promise((resolve) => setImmediate(resolve));
      }
      await flushed;
      expect(transport.batches.flat()).to.deep.equal(['S1', 'S4', 'S5']);
    });
  });

  describe('flush()', () => {
    it('counts failed messages and a publish that throws', async () => {
      let call = 0;
      const transport: TransportInstance = {
        publish(envelopes) {
          call += 1;
          if (call === 1) return Promise.reject(new Error('broker gone'));
          const error = new StockpollerError('SP_ERR_TRANSPORT_PUBLISH_FAILED', 'nacked');
          return Promise.resolve(
            envelopes.map((e) => ({ id: e.id, delivered: false as const, error })),
          );
        },
      };
      const queue = new TransportQueue('t', transport, policy({ maxBatchMessages: 2 }), log);
      await queue.offer([1, 2, 3, 4].map(envelope));
      await queue.flush();
      expect(queue.stats()).to.deep.equal({
        depth: 0,
        delivered: 0,
        failed: 4,
        dropped: 0,
        abandoned: 0,
      });
    });

    it('resolves at once when nothing is buffered', async () => {
      const queue = new TransportQueue('t', manualTransport(), policy(), log);
      await queue.flush();
      expect(queue.stats().depth).to.equal(0);
    });
  });

  describe('close()', () => {
    it('abandons what is buffered and every later offer without publishing them', async () => {
      const transport = manualTransport();
      const queue = new TransportQueue('t', transport, policy({ maxBatchMessages: 10 }), log);
      await queue.offer([1, 2].map(envelope));

      expect(queue.close()).to.equal(2);
      await queue.offer([3, 4, 5].map(envelope));
      await queue.flush();
      await new Promise((resolve) => setTimeout(resolve, 80));

      expect(transport.batches).to.deep.equal([]);
      expect(queue.stats()).to.include({ depth: 0, delivered: 0, abandoned: 5 });
      expect(queue.close()).to.equal(0);
    });

    it('releases a producer waiting for room and a flush waiting on a batch in flight', async () => {
      const transport = manualTransport(false);
      const queue = new TransportQueue(
        't',
        transport,
        policy({ capacity: 1, maxBatchMessages: 1 }),
        log,
      );
      await queue.offer([envelope(1)]);
      const blocked = queue.offer([2, 3].map(envelope));
      const flushed = queue.flush();
      await new Promise((resolve) => setImmediate(resolve));

      queue.close();
      await Promise.all([blocked, flushed]);
      transport.release();
      await new Promise((resolve) => setImmediate(resolve));

      expect(transport.batches.flat()).to.deep.equal(['S1']);
      expect(queue.stats()).to.include({ delivered: 1, abandoned: 2 });
    });
  });
});
