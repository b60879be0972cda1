import { expect } from 'chai';
import { computeBackoffDelay, sleepFor } from '../../../plugins/transport-rabbitmq/backoff.js';

const policy = { initialDelayMs: 100, maxDelayMs: 1000, multiplier: 2, jitter: 0.2 };
const middle = (): number => 0.5;

describe('rabbitmq backoff', () => {
  describe('computeBackoffDelay()', () => {
    it('grows by the multiplier from one retry to the next', () => {
      const delays = [1, 2, 3, 4].map((retry) => computeBackoffDelay(policy, retry, middle));

      expect(delays).to.deep.equal([100, 200, 400, 800]);
    });

    it('never exceeds the ceiling, jitter included', () => {
      expect(computeBackoffDelay(policy, 10, () => 0.999)).to.equal(1000);
      expect(computeBackoffDelay(policy, 5, middle)).to.equal(1000);
    });

    it('moves each delay by at most the jitter fraction either way', () => {
      expect(computeBackoffDelay(policy, 2, () => 0)).to.equal(160);
      expect(computeBackoffDelay(policy, 2, () => 0.9999)).to.equal(240);
    });

    it('keeps an exact delay without jitter', () => {
      expect(computeBackoffDelay({ ...policy, jitter: 0 }, 3, Math.random)).to.equal(400);
    });
  });

  describe('sleepFor()', () => {
    it('rejects with the reason of the signal when it aborts', async () => {
      const controller = new AbortController();
      const sleeping = sleepFor(60_000, controller.signal);

      controller.abort(new Error('stopping'));

      const failure = await sleeping.catch((error: unknown) => error);
      expect(failure).to.be.an('error').with.property('message', 'stopping');
    });

    it('rejects at once when the signal has already aborted', async () => {
      const failure = await sleepFor(60_000, AbortSignal.abort(new Error('gone'))).catch(
        (error: unknown) => error,
      );

      expect(failure).to.have.property('message', 'gone');
    });
  });
});
