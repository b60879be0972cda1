import { expect } from 'chai';
import sinon from 'sinon';
import { StockpollerError } from '../../../core/errors/index.js';
import { providerFailure } from '../../../core/providers/failure.js';
import {
  backoffDelay,
  retryPolicyOf,
  retryableFailure,
  systemSleep,
  type RetryPolicy,
} from '../../../core/runtime/backoff.js';

const policy: RetryPolicy = { maxAttempts: 8, initialDelayMs: 250, maxDelayMs: 10_000 };

describe('backoff', () => {
  afterEach(() => {
    sinon.restore();
  });

  describe('backoffDelay()', () => {
    it('spans zero up to initialDelay * 2^(attempt-1) with full jitter', () => {
      for (const [attempt, ceiling] of [
        [1, 250],
        [2, 500],
        [3, 1000],
        [6, 8000],
      ] as const) {
        expect(
          backoffDelay(attempt, policy, () => 0),
          `attempt ${attempt}`,
        ).to.equal(0);
        expect(backoffDelay(attempt, policy, () => 0.5)).to.equal(ceiling / 2);
        expect(backoffDelay(attempt, policy, () => 0.999_999)).to.equal(ceiling - 1);
      }
    });

    it('never exceeds maxDelay however many attempts failed', () => {
      expect(backoffDelay(7, policy, () => 0.999_999)).to.equal(9_999);
      expect(backoffDelay(40, policy, () => 0.5)).to.equal(5_000);
    });

    it("waits at least the provider's Retry-After, even past maxDelay", () => {
      expect(backoffDelay(1, policy, () => 0.1, 3_000)).to.equal(3_000);
      expect(backoffDelay(1, policy, () => 0.1, 60_000)).to.equal(60_000);
      expect(backoffDelay(6, policy, () => 0.9, 10)).to.equal(7_200);
    });
  });

  describe('retryPolicyOf()', () => {
    it('turns the manifest durations into milliseconds', () => {
      const parsed = retryPolicyOf({ maxAttempts: 3, initialDelay: '250ms', maxDelay: '10s' });

      expect(parsed).to.deep.equal({ maxAttempts: 3, initialDelayMs: 250, maxDelayMs: 10_000 });
    });
  });

  describe('retryableFailure()', () => {
    it('accepts retryable provider failures', () => {
      const error = providerFailure('unavailable', 'HTTP 503', { retryAfterMs: 5 });

      expect(retryableFailure(error)).to.deep.include({ kind: 'unavailable', retryAfterMs: 5 });
      expect(retryableFailure(providerFailure('rate_limited', 'x', { quota: 'minute' }))).to.not.be
        .undefined;
    });

    it('refuses failures marked final, a spent daily quota and errors without a failure', () => {
      expect(retryableFailure(providerFailure('auth', 'bad key'))).to.equal(undefined);
      expect(retryableFailure(providerFailure('rate_limited', 'x', { quota: 'day' }))).to.equal(
        undefined,
      );
      expect(retryableFailure(new StockpollerError('SP_ERR_INTERNAL', 'bug'))).to.equal(undefined);
      expect(retryableFailure(new Error('plain'))).to.equal(undefined);
    });
  });

  describe('systemSleep()', () => {
    it('resolves once the time has passed', async () => {
      const clock = sinon.useFakeTimers();
      let done = false;
      const sleeping = systemSleep(1_000).then(() => (done = true));

      await clock.tickAsync(999);
      expect(done).to.equal(false);
      await clock.tickAsync(1);
      await sleeping;
      expect(done).to.equal(true);
    });

    it('rejects with the reason as soon as the signal aborts, and clears its timer', async () => {
      const clock = sinon.useFakeTimers();
      const controller = new AbortController();
      const sleeping = systemSleep(60_000, controller.signal).catch((e: unknown) => e);

      controller.abort(new Error('stopping'));
      expect(await sleeping).to.have.property('message', 'stopping');
      expect(clock.countTimers()).to.equal(0);
    });

    it('rejects at once on a signal that already aborted', async () => {
      const error = await systemSleep(10, AbortSignal.abort()).catch((e: unknown) => e);

      expect(error).to.have.property('name', 'AbortError');
    });
  });
});
