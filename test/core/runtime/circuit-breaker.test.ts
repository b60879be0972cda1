import { expect } from 'chai';
import sinon from 'sinon';
import { isStockpollerError } from '../../../core/errors/index.js';
import {
  CircuitBreaker,
  type CircuitBreakerOptions,
  type CircuitPass,
} from '../../../core/runtime/circuit-breaker.js';
import { eventRecorder, manualClock } from './resilience-fixtures.js';

function breakerOf(overrides: Partial<CircuitBreakerOptions> = {}) {
  const clock = manualClock(Date.parse('2026-03-10T15:00:00.000Z'));
  const events = eventRecorder();
  const breaker = new CircuitBreaker({
    provider: 'market',
    failureThreshold: 3,
    openForMs: 30_000,
    clock,
    events,
    ...overrides,
  });
  return { breaker, clock, events };
}

/** Admits a call and asserts it was let through. */
function pass(breaker: CircuitBreaker): CircuitPass {
  const admitted = breaker.admit();
  if (isStockpollerError(admitted)) return expect.fail(`expected a pass, got ${admitted.message}`);
  return admitted;
}

function failTimes(breaker: CircuitBreaker, times: number): void {
  for (let i = 0; i < times; i += 1) breaker.settle(pass(breaker), 'SP_ERR_PROVIDER_UNAVAILABLE');
}

describe('CircuitBreaker', () => {
  afterEach(() => {
    sinon.restore();
  });

  describe('settle()', () => {
    it('opens after failureThreshold failed calls in a row and says so once', () => {
      const { breaker, events } = breakerOf();
      failTimes(breaker, 2);
      expect(breaker.state().state).to.equal('closed');

      failTimes(breaker, 1);
      expect(breaker.state()).to.deep.include({ state: 'open', consecutiveFailures: 3 });
      expect(events.heard).to.deep.equal([
        {
          type: 'provider.circuit_opened',
          fields: {
            provider: 'market',
            failures: 3,
            openForMs: 30_000,
            code: 'SP_ERR_PROVIDER_UNAVAILABLE',
          },
        },
      ]);
    });

    it('starts counting again after a call the provider answered', () => {
      const { breaker } = breakerOf();
      failTimes(breaker, 2);
      breaker.settle(pass(breaker), undefined);
      failTimes(breaker, 2);

      expect(breaker.state()).to.deep.include({ state: 'closed', consecutiveFailures: 2 });
    });

    it('ignores calls admitted while closed that end after the circuit opened', () => {
      const { breaker } = breakerOf();
      const late = pass(breaker);
      failTimes(breaker, 3);
      breaker.settle(late, undefined);

      expect(breaker.state()).to.deep.include({ state: 'open', consecutiveFailures: 3 });
    });

    it('never opens with failureThreshold 0', () => {
      const { breaker, events } = breakerOf({ failureThreshold: 0 });
      failTimes(breaker, 50);

      expect(breaker.state().state).to.equal('closed');
      expect(breaker.isBlocking()).to.equal(false);
      expect(events.heard).to.deep.equal([]);
    });
  });

  describe('admit()', () => {
    it('fails fast while open, naming when it probes again', () => {
      const { breaker, clock } = breakerOf();
      failTimes(breaker, 3);
      clock.advance(12_000);
      const refused = breaker.admit();

      expect(isStockpollerError(refused)).to.equal(true);
      expect(refused).to.deep.include({
        code: 'SP_ERR_PROVIDER_CIRCUIT_OPEN',
        failure: { kind: 'unavailable', retryable: false },
      });
      expect((refused as Error).message).to.contain('failed 3 calls in a row');
      expect(refused).to.have.property('hint').that.contains('2026-03-10T15:00:30.000Z (in 18 s)');
      expect(breaker.isBlocking()).to.equal(true);
    });

    it('lets one probe through after openFor and closes when it succeeds', () => {
      const { breaker, clock, events } = breakerOf();
      failTimes(breaker, 3);
      clock.advance(30_000);
      expect(breaker.isBlocking()).to.equal(false);

      const probe = pass(breaker);
      expect(probe.probe).to.equal(true);
      expect(breaker.state().state).to.equal('half_open');
      const second = breaker.admit();
      expect(second).to.have.property('hint').that.contains('A probe call is under way');
      expect(breaker.isBlocking()).to.equal(true);

      clock.advance(1_500);
      breaker.settle(probe, undefined);
      expect(breaker.state()).to.deep.equal({
        state: 'closed',
        consecutiveFailures: 0,
        openedAt: null,
        probeAt: null,
      });
      expect(events.heard.map((e) => e.type)).to.deep.equal([
        'provider.circuit_opened',
        'provider.circuit_half_open',
        'provider.circuit_closed',
      ]);
      expect(events.heard[1]?.fields).to.deep.equal({ provider: 'market' });
      expect(events.heard[2]?.fields).to.deep.equal({ provider: 'market', openedForMs: 31_500 });
    });

    it('opens again for openFor when the probe fails, keeping when it first opened', () => {
      const { breaker, clock, events } = breakerOf();
      failTimes(breaker, 3);
      const openedAt = clock.now();
      clock.advance(30_000);
      breaker.settle(pass(breaker), 'SP_ERR_PROVIDER_AUTH');

      expect(breaker.state()).to.deep.equal({
        state: 'open',
        consecutiveFailures: 4,
        openedAt,
        probeAt: clock.now() + 30_000,
      });
      expect(events.heard.at(-1)).to.deep.equal({
        type: 'provider.circuit_opened',
        fields: {
          provider: 'market',
          failures: 4,
          openForMs: 30_000,
          code: 'SP_ERR_PROVIDER_AUTH',
        },
      });

      clock.advance(30_000);
      breaker.settle(pass(breaker), undefined);
      expect(events.heard.at(-1)?.fields).to.deep.equal({
        provider: 'market',
        openedForMs: 60_000,
      });
    });
  });

  describe('abandon()', () => {
    it('lets the next call probe when the probe was abandoned', () => {
      const { breaker, clock } = breakerOf();
      failTimes(breaker, 3);
      clock.advance(30_000);
      breaker.abandon(pass(breaker));

      expect(breaker.state().state).to.equal('half_open');
      expect(pass(breaker).probe).to.equal(true);
    });
  });
});
