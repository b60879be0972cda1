import { expect } from 'chai';
import sinon from 'sinon';
import { ConcurrencyLimit, abortReason } from '../../../core/runtime/concurrency-limit.js';

/** Lets every settled promise's callbacks run. */
const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('ConcurrencyLimit', () => {
  afterEach(() => {
    sinon.restore();
  });

  describe('constructor', () => {
    it('refuses a limit that is not a positive whole number', () => {
      expect(() => new ConcurrencyLimit(0)).to.throw(RangeError);
      expect(() => new ConcurrencyLimit(1.5)).to.throw(RangeError);
    });
  });

  describe('acquire()', () => {
    it('grants slots up to the limit and queues the rest in arrival order', async () => {
      const limit = new ConcurrencyLimit(2);
      const first = await limit.acquire();
      await limit.acquire();
      const order: string[] = [];
      void limit.acquire().then(() => order.push('third'));
      void limit.acquire().then(() => order.push('fourth'));
      await settle();

      expect(order).to.deep.equal([]);
      expect(limit.state()).to.deep.equal({ limit: 2, inFlight: 2, waiting: 2 });

      first();
      await settle();
      expect(order).to.deep.equal(['third']);
      expect(limit.state()).to.deep.equal({ limit: 2, inFlight: 2, waiting: 1 });
    });

    it('gives back one slot when a release is called twice', async () => {
      const limit = new ConcurrencyLimit(1);
      const release = await limit.acquire();
      release();
      release();

      expect(limit.state().inFlight).to.equal(0);
    });

    it('lets no newcomer overtake a queued caller when a slot frees', async () => {
      const limit = new ConcurrencyLimit(1);
      const release = await limit.acquire();
      const order: string[] = [];
      void limit.acquire().then(() => order.push('queued'));
      release();
      void limit.acquire().then(() => order.push('newcomer'));
      await settle();

      expect(order).to.deep.equal(['queued']);
    });

    it('removes an aborted waiter and rejects it with the signal reason', async () => {
      const limit = new ConcurrencyLimit(1);
      const release = await limit.acquire();
      const controller = new AbortController();
      const waiting = limit.acquire(controller.signal);
      const order: string[] = [];
      void limit.acquire().then(() => order.push('next'));

      controller.abort(new Error('shutting down'));
      const error = await waiting.catch((e: unknown) => e);
      expect(error).to.have.property('message', 'shutting down');
      expect(limit.state().waiting).to.equal(1);

      release();
      await settle();
      expect(order).to.deep.equal(['next']);
    });

    it('rejects at once when the signal has already aborted', async () => {
      const limit = new ConcurrencyLimit(3);
      const error = await limit.acquire(AbortSignal.abort()).catch((e: unknown) => e);

      expect(error).to.have.property('name', 'AbortError');
      expect(limit.state().inFlight).to.equal(0);
    });
  });

  describe('run()', () => {
    it('gives the slot back when the work throws', async () => {
      const limit = new ConcurrencyLimit(1);
      const error = await limit
        .run(() => Promise.reject(new Error('boom')))
        .catch((e: unknown) => e);

      expect(error).to.have.property('message', 'boom');
      expect(limit.state().inFlight).to.equal(0);
    });
  });

  describe('abortReason()', () => {
    it('keeps an Error reason and makes an AbortError of anything else', () => {
      const reason = new Error('stop');
      const controller = new AbortController();
      controller.abort('not an error');

      expect(abortReason(AbortSignal.abort(reason))).to.equal(reason);
      expect(abortReason(controller.signal)).to.have.property('name', 'AbortError');
    });
  });
});
