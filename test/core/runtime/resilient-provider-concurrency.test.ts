import { expect } from 'chai';
import sinon from 'sinon';
import type { QuoteOutcome } from '../../../core/plugins/types.js';
import { providerFailure } from '../../../core/providers/failure.js';
import { ResilientProvider } from '../../../core/runtime/resilient-provider.js';
import { countingProvider, resilienceOptions } from './resilience-fixtures.js';
import { quoteOf } from './runtime-fixtures.js';

/** A call's answer that the test releases by hand. */
function deferred(): { promise: Promise<QuoteOutcome[]>; release: (symbols: string[]) => void } {
  let release: (symbols: string[]) => void = () => undefined;
  const promise = new Promise<QuoteOutcome[]>((resolve) => {
    release = (symbols) => {
      resolve(symbols.map((symbol) => ({ symbol, quote: quoteOf(symbol) })));
    };
  });
  return { promise, release };
}

const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('ResilientProvider concurrency', () => {
  afterEach(() => {
    sinon.restore();
  });

  describe('fetchQuotes()', () => {
    it('never has more calls in flight than its limit', async () => {
      const clock = sinon.useFakeTimers();
      const inner = countingProvider(async (symbols) => {
        await new Promise((resolve) => setTimeout(resolve, 100));
        return symbols.map((symbol) => ({ symbol, quote: quoteOf(symbol) }));
      });
      const provider = new ResilientProvider(inner, resilienceOptions({ concurrency: 3 }));
      const all = Promise.all(
        Array.from({ length: 10 }, (_, i) => provider.fetchQuotes([`S${i}`])),
      );

      await clock.tickAsync(1_000);
      const outcomes = await all;
      expect(outcomes.flat()).to.have.length(10);
      expect(inner.peak).to.equal(3);
      expect(provider.state().concurrency).to.deep.equal({ limit: 3, inFlight: 0, waiting: 0 });
    });

    it('gives up its slot while it sleeps before a retry', async () => {
      const first = deferred();
      let sleeping: () => void = () => undefined;
      const inner = countingProvider((symbols, call) =>
        call === 1
          ? Promise.resolve([{ symbol: 'A', error: providerFailure('unavailable', 'HTTP 503') }])
          : call === 2
            ? first.promise
            : Promise.resolve(symbols.map((symbol) => ({ symbol, quote: quoteOf(symbol) }))),
      );
      const options = resilienceOptions({
        concurrency: 1,
        sleep: () => new Promise((resolve) => (sleeping = resolve)),
      });
      const provider = new ResilientProvider(inner, options);
      const retried = provider.fetchQuotes(['A']);
      await settle();
      const other = provider.fetchQuotes(['B']);
      await settle();

      expect(inner.calls).to.deep.equal([['A'], ['B']]);
      first.release(['B']);
      sleeping();
      expect((await other)[0]?.quote?.symbol).to.equal('B');
      expect((await retried)[0]?.quote?.symbol).to.equal('A');
    });

    it('leaves the queue when its signal aborts while it waits for a slot', async () => {
      const first = deferred();
      const inner = countingProvider(() => first.promise);
      const provider = new ResilientProvider(inner, resilienceOptions({ concurrency: 1 }));
      const running = provider.fetchQuotes(['A']);
      const controller = new AbortController();
      const waiting = provider.fetchQuotes(['B'], controller.signal).catch((e: unknown) => e);
      await settle();
      expect(provider.state().concurrency.waiting).to.equal(1);

      controller.abort(new Error('shutting down'));
      expect(await waiting).to.have.property('message', 'shutting down');
      first.release(['A']);
      await running;
      expect(inner.calls).to.deep.equal([['A']]);
      expect(provider.state().concurrency).to.deep.equal({ limit: 1, inFlight: 0, waiting: 0 });
    });
  });
});
