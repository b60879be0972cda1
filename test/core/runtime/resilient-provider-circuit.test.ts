import { expect } from 'chai';
import sinon from 'sinon';
import type { QuoteOutcome } from '../../../core/plugins/types.js';
import { providerFailure } from '../../../core/providers/failure.js';
import { ResilientProvider } from '../../../core/runtime/resilient-provider.js';
import {
  countingProvider,
  eventRecorder,
  manualClock,
  resilienceOptions,
} from './resilience-fixtures.js';
import { quoteOf } from './runtime-fixtures.js';

const down = providerFailure('unavailable', 'HTTP 503');

/** A provider that is down until `healthy.up` is set. */
function flakyProvider() {
  const healthy = { up: false };
  const inner = countingProvider((symbols) =>
    Promise.resolve(
      symbols.map((symbol): QuoteOutcome =>
        healthy.up ? { symbol, quote: quoteOf(symbol) } : { symbol, error: down },
      ),
    ),
  );
  return { inner, healthy };
}

function circuitProvider(inner: ReturnType<typeof countingProvider>, maxAttempts = 1) {
  const clock = manualClock();
  const events = eventRecorder();
  const options = resilienceOptions({
    clock,
    events,
    failureThreshold: 3,
    retry: { maxAttempts, initialDelayMs: 100, maxDelayMs: 1_000 },
  });
  return { provider: new ResilientProvider(inner, options), clock, events };
}

describe('ResilientProvider circuit', () => {
  afterEach(() => {
    sinon.restore();
  });

  describe('fetchQuotes()', () => {
    it('opens after failed calls, fails fast, probes after openFor and closes again', async () => {
      const { inner, healthy } = flakyProvider();
      const { provider, clock, events } = circuitProvider(inner);
      for (let call = 0; call < 3; call += 1) await provider.fetchQuotes(['A', 'B']);
      expect(provider.state().circuit.state).to.equal('open');

      const fast = await provider.fetchQuotes(['A', 'B']);
      expect(inner.calls).to.have.length(3);
      expect(fast.map((o) => o.error?.code)).to.deep.equal([
        'SP_ERR_PROVIDER_CIRCUIT_OPEN',
        'SP_ERR_PROVIDER_CIRCUIT_OPEN',
      ]);
      expect(fast[0]?.error?.failure).to.deep.equal({ kind: 'unavailable', retryable: false });

      clock.advance(30_000);
      healthy.up = true;
      const probed = await provider.fetchQuotes(['A', 'B']);
      expect(probed.every((o) => o.error === undefined)).to.equal(true);
      expect(provider.state().circuit.state).to.equal('closed');
      expect(events.heard.map((e) => e.type)).to.deep.equal([
        'provider.retries_exhausted',
        'provider.retries_exhausted',
        // The breaker hears of the third failure before the retry layer gives up on it.
        'provider.circuit_opened',
        'provider.retries_exhausted',
        'provider.circuit_half_open',
        'provider.circuit_closed',
      ]);
    });

    it('opens again when the probe fails', async () => {
      const { inner } = flakyProvider();
      const { provider, clock, events } = circuitProvider(inner);
      for (let call = 0; call < 3; call += 1) await provider.fetchQuotes(['A']);
      clock.advance(30_000);
      await provider.fetchQuotes(['A']);

      expect(inner.calls).to.have.length(4);
      expect(provider.state().circuit).to.deep.include({ state: 'open', consecutiveFailures: 4 });
      expect(events.heard.filter((e) => e.type === 'provider.circuit_opened')).to.have.length(2);
    });

    it('stops retrying once the circuit opens, keeping the real failure', async () => {
      const { inner } = flakyProvider();
      const { provider, events } = circuitProvider(inner, 10);
      const outcomes = await provider.fetchQuotes(['A']);

      expect(inner.calls).to.have.length(3);
      expect(outcomes[0]?.error).to.equal(down);
      expect(events.heard.map((e) => e.type)).to.deep.equal(['provider.circuit_opened']);
    });

    it('counts nothing for a call whose caller aborted while it ran', async () => {
      const controller = new AbortController();
      const inner = countingProvider((symbols) => {
        controller.abort(new Error('stopping'));
        return Promise.resolve(symbols.map((symbol) => ({ symbol, error: down })));
      });
      const { provider } = circuitProvider(inner, 3);
      const error = await provider.fetchQuotes(['A'], controller.signal).catch((e: unknown) => e);

      expect(error).to.have.property('message', 'stopping');
      expect(inner.calls).to.have.length(1);
      expect(provider.state().circuit.consecutiveFailures).to.equal(0);
    });

    it('never counts symbols the provider does not know against the circuit', async () => {
      const unknown = providerFailure('not_found', 'no such ticker');
      const inner = countingProvider((symbols) =>
        Promise.resolve(symbols.map((symbol) => ({ symbol, error: unknown }))),
      );
      const { provider } = circuitProvider(inner);
      for (let call = 0; call < 5; call += 1) await provider.fetchQuotes(['ZZZZ']);

      expect(provider.state().circuit).to.deep.include({
        state: 'closed',
        consecutiveFailures: 0,
      });
    });

    it('counts a call as failed only when every symbol failed at the provider level', async () => {
      const inner = countingProvider((symbols) =>
        Promise.resolve(
          symbols.map((symbol): QuoteOutcome =>
            symbol === 'A' ? { symbol, quote: quoteOf(symbol) } : { symbol, error: down },
          ),
        ),
      );
      const { provider } = circuitProvider(inner);
      for (let call = 0; call < 5; call += 1) await provider.fetchQuotes(['A', 'B']);

      expect(provider.state().circuit.state).to.equal('closed');
    });
  });

  describe('fetchBars()', () => {
    it('throws SP_ERR_PROVIDER_CIRCUIT_OPEN without calling the provider while open', async () => {
      const inner = countingProvider(
        () => Promise.resolve([]),
        () => Promise.reject(down),
      );
      const { provider } = circuitProvider(inner);
      const request = { symbol: 'A', interval: '1d', from: '2026-03-02', to: '2026-03-10' };
      for (let call = 0; call < 3; call += 1) await provider.fetchBars?.(request).catch(() => 0);
      const error = await provider.fetchBars?.(request).catch((e: unknown) => e);

      expect(error).to.have.property('code', 'SP_ERR_PROVIDER_CIRCUIT_OPEN');
      expect(inner.calls).to.have.length(3);
    });

    it('counts an unclassified throw against the circuit', async () => {
      const inner = countingProvider(
        () => Promise.resolve([]),
        () => Promise.reject(new Error('socket hang up')),
      );
      const { provider, events } = circuitProvider(inner);
      const request = { symbol: 'A', interval: '1d', from: '2026-03-02', to: '2026-03-10' };
      for (let call = 0; call < 3; call += 1) await provider.fetchBars?.(request).catch(() => 0);

      expect(events.heard.at(-1)).to.deep.include({ type: 'provider.circuit_opened' });
      expect(events.heard.at(-1)?.fields).to.have.property('code', 'SP_ERR_INTERNAL');
    });
  });
});
