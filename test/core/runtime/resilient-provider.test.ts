import { expect } from 'chai';
import sinon from 'sinon';
import type { Bar } from '../../../core/contract/types.js';
import type { QuoteOutcome } from '../../../core/plugins/types.js';
import { providerFailure } from '../../../core/providers/failure.js';
import { systemSleep } from '../../../core/runtime/backoff.js';
import { ResilientProvider } from '../../../core/runtime/resilient-provider.js';
import {
  countingProvider,
  eventRecorder,
  resilienceOptions,
  type QuoteScript,
} from './resilience-fixtures.js';
import { quoteOf } from './runtime-fixtures.js';

const ok = (symbol: string): QuoteOutcome => ({ symbol, quote: quoteOf(symbol) });
const failed = (symbol: string, error = providerFailure('unavailable', 'HTTP 503')) => ({
  symbol,
  error,
});

/** Answers each call from the next entry of `script`, one function per call. */
function byCall(...script: ((symbols: readonly string[]) => QuoteOutcome[])[]): QuoteScript {
  return (symbols, call) => Promise.resolve((script[call - 1] ?? script.at(-1))?.(symbols) ?? []);
}

function barOf(symbol: string): Bar {
  const day = { date: '2026-03-09', timestamp: '2026-03-09T04:00:00.000Z' };
  return {
    symbol,
    provider: 'fake',
    interval: '1d',
    ...day,
    open: 1,
    high: 1,
    low: 1,
    close: 1,
    volume: 1,
  };
}

describe('ResilientProvider', () => {
  afterEach(() => {
    sinon.restore();
  });

  describe('fetchQuotes()', () => {
    it('asks again for just the symbols that failed retryably and merges them in order', async () => {
      const notFound = providerFailure('not_found', 'no such ticker');
      const inner = countingProvider(
        byCall(
          () => [ok('A'), failed('B'), failed('C', notFound), failed('D')],
          () => [ok('B'), failed('D')],
          () => [ok('D')],
        ),
      );
      const options = resilienceOptions();
      const outcomes = await new ResilientProvider(inner, options).fetchQuotes([
        'A',
        'B',
        'C',
        'D',
      ]);

      expect(inner.calls).to.deep.equal([['A', 'B', 'C', 'D'], ['B', 'D'], ['D']]);
      expect(outcomes.map((o) => [o.symbol, o.error?.code ?? 'ok'])).to.deep.equal([
        ['A', 'ok'],
        ['B', 'ok'],
        ['C', 'SP_ERR_PROVIDER_NOT_FOUND'],
        ['D', 'ok'],
      ]);
      // Full jitter at 0.5: half of 250 ms, then half of 500 ms.
      expect(options.slept).to.deep.equal([125, 250]);
    });

    it("waits at least the provider's Retry-After before asking again", async () => {
      const limited = providerFailure('rate_limited', 'HTTP 429', { retryAfterMs: 4_000 });
      const inner = countingProvider(
        byCall(
          (s) => s.map((x) => failed(x, limited)),
          (s) => s.map(ok),
        ),
      );
      const options = resilienceOptions();
      await new ResilientProvider(inner, options).fetchQuotes(['A']);

      expect(options.slept).to.deep.equal([4_000]);
      expect(inner.calls).to.have.length(2);
    });

    it('does not retry a failure marked final, nor a spent daily quota', async () => {
      const daily = providerFailure('rate_limited', 'daily quota used', { quota: 'day' });
      const auth = providerFailure('auth', 'bad key');
      const inner = countingProvider(byCall(() => [failed('A', auth), failed('B', daily)]));
      const options = resilienceOptions();
      const outcomes = await new ResilientProvider(inner, options).fetchQuotes(['A', 'B']);

      expect(inner.calls).to.have.length(1);
      expect(outcomes.map((o) => o.error)).to.deep.equal([auth, daily]);
      expect(options.slept).to.deep.equal([]);
    });

    it('reports exhausted retries once per call, not once per symbol', async () => {
      const inner = countingProvider(byCall((symbols) => symbols.map((s) => failed(s))));
      const events = eventRecorder();
      const options = resilienceOptions({ events });
      const outcomes = await new ResilientProvider(inner, options).fetchQuotes(['A', 'B', 'C']);

      expect(inner.calls).to.have.length(3);
      expect(outcomes.every((o) => o.error?.code === 'SP_ERR_PROVIDER_UNAVAILABLE')).to.equal(true);
      expect(events.heard).to.deep.equal([
        {
          type: 'provider.retries_exhausted',
          fields: {
            provider: 'market',
            operation: 'fetchQuotes',
            attempts: 3,
            code: 'SP_ERR_PROVIDER_UNAVAILABLE',
            kind: 'unavailable',
          },
        },
      ]);
    });

    it('fails every symbol with the error of a call that threw, after its retries', async () => {
      const error = providerFailure('unavailable', 'connection reset');
      const inner = countingProvider(() => Promise.reject(error));
      const outcomes = await new ResilientProvider(inner, resilienceOptions()).fetchQuotes([
        'A',
        'B',
      ]);

      expect(inner.calls).to.have.length(3);
      expect(outcomes).to.deep.equal([
        { symbol: 'A', error },
        { symbol: 'B', error },
      ]);
    });

    it('lets an unclassified throw (a bug) through without retrying it', async () => {
      const inner = countingProvider(() => Promise.reject(new TypeError('x is undefined')));
      const provider = new ResilientProvider(inner, resilienceOptions());
      const error = await provider.fetchQuotes(['A']).catch((e: unknown) => e);

      expect(error).to.be.instanceOf(TypeError);
      expect(inner.calls).to.have.length(1);
    });

    it('fails a symbol the provider left out of its answer as malformed', async () => {
      const inner = countingProvider(byCall(() => [ok('A')]));
      const outcomes = await new ResilientProvider(inner, resilienceOptions()).fetchQuotes([
        'A',
        'B',
      ]);

      expect(outcomes[1]).to.have.nested.property('error.failure.kind', 'malformed');
      expect(outcomes[1]?.error?.message).to.contain('no outcome for B');
    });

    it('rejects and asks nothing more when its signal aborts during a backoff sleep', async () => {
      const clock = sinon.useFakeTimers();
      const inner = countingProvider(byCall((symbols) => symbols.map((s) => failed(s))));
      // The real sleep, on the fake timers.
      const provider = new ResilientProvider(inner, { ...resilienceOptions(), sleep: systemSleep });
      const controller = new AbortController();
      const polling = provider.fetchQuotes(['A'], controller.signal).catch((e: unknown) => e);

      await clock.tickAsync(100);
      expect(inner.calls).to.have.length(1);
      controller.abort(new Error('stopping'));

      expect(await polling).to.have.property('message', 'stopping');
      await clock.tickAsync(60_000);
      expect(inner.calls).to.have.length(1);
      expect(clock.countTimers()).to.equal(0);
    });
  });

  describe('fetchBars()', () => {
    const request = { symbol: 'A', interval: '1d', from: '2026-03-02', to: '2026-03-10' };

    it('retries a call that threw a retryable failure', async () => {
      const inner = countingProvider(byCall(), (_request, call) =>
        call < 3
          ? Promise.reject(providerFailure('unavailable', 'HTTP 502'))
          : Promise.resolve([barOf('A')]),
      );
      const options = resilienceOptions();
      const bars = await new ResilientProvider(inner, options).fetchBars?.(request);

      expect(bars).to.have.length(1);
      expect(inner.calls).to.have.length(3);
      expect(options.slept).to.deep.equal([125, 250]);
    });

    it('throws the last failure and reports it once the attempts run out', async () => {
      const last = providerFailure('unavailable', 'HTTP 504');
      const inner = countingProvider(byCall(), () => Promise.reject(last));
      const events = eventRecorder();
      const provider = new ResilientProvider(inner, resilienceOptions({ events }));
      const error = await provider.fetchBars?.(request).catch((e: unknown) => e);

      expect(error).to.equal(last);
      expect(events.heard).to.deep.equal([
        {
          type: 'provider.retries_exhausted',
          fields: {
            provider: 'market',
            operation: 'fetchBars',
            attempts: 3,
            code: 'SP_ERR_PROVIDER_UNAVAILABLE',
            kind: 'unavailable',
          },
        },
      ]);
    });

    it('throws a final failure at once', async () => {
      const noData = providerFailure('no_data', 'no bars in range');
      const inner = countingProvider(byCall(), () => Promise.reject(noData));
      const provider = new ResilientProvider(inner, resilienceOptions());

      expect(await provider.fetchBars?.(request).catch((e: unknown) => e)).to.equal(noData);
      expect(inner.calls).to.have.length(1);
    });

    it('is absent when the provider serves no bars', () => {
      const provider = new ResilientProvider(countingProvider(byCall()), resilienceOptions());

      expect(provider.fetchBars).to.equal(undefined);
      expect(provider.capabilities.dailyBars).to.equal(false);
    });
  });
});
