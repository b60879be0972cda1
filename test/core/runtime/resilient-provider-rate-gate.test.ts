import { expect } from 'chai';
import type { FailureInfo } from '../../../core/errors/index.js';
import type { QuoteOutcome } from '../../../core/plugins/types.js';
import { providerFailure } from '../../../core/providers/failure.js';
import {
  ResilientProvider,
  type ResilienceGate,
} from '../../../core/runtime/resilient-provider.js';
import { countingProvider, resilienceOptions } from './resilience-fixtures.js';
import { quoteOf } from './runtime-fixtures.js';

/** A gate that records, in order, every penalty and the sleeps between them. */
function recordingGate(
  timeline: string[],
  largestCost = Number.POSITIVE_INFINITY,
): ResilienceGate & { penalties: FailureInfo[] } {
  const penalties: FailureInfo[] = [];
  return {
    penalties,
    largestCost: () => largestCost,
    penalize(failure) {
      penalties.push(failure);
      timeline.push(`penalize ${failure.quota ?? failure.retryAfterMs ?? ''}`);
      return Promise.resolve(true);
    },
  };
}

describe('ResilientProvider and the rate gate', () => {
  describe('fetchQuotes()', () => {
    it('tells the gate once per rate limit an attempt met, before backing off', async () => {
      const timeline: string[] = [];
      // One failed batch shares its failure among A and B; C met a limit of its own.
      const shared = providerFailure('rate_limited', 'quota', { retryAfterMs: 2_000 });
      const own = providerFailure('rate_limited', 'quota', { retryAfterMs: 500 });
      let call = 0;
      const inner = countingProvider((symbols) => {
        call += 1;
        timeline.push(`call ${call}`);
        const answer = (s: string): QuoteOutcome =>
          call > 1
            ? { symbol: s, quote: quoteOf(s) }
            : { symbol: s, error: s === 'C' ? own : shared };
        return Promise.resolve(symbols.map(answer));
      });
      const gate = recordingGate(timeline);
      const sleep = (ms: number): Promise<void> => {
        timeline.push(`sleep ${ms}`);
        return Promise.resolve();
      };
      const options = resilienceOptions({ rateGate: gate, sleep });

      const outcomes = await new ResilientProvider(inner, options).fetchQuotes(['A', 'B', 'C']);

      expect(outcomes.map((o) => o.quote?.symbol)).to.deep.equal(['A', 'B', 'C']);
      expect(gate.penalties).to.deep.equal([shared.failure, own.failure]);
      expect(timeline).to.deep.equal([
        'call 1',
        'penalize 2000',
        'penalize 500',
        'sleep 2000',
        'call 2',
      ]);
    });

    it('parks the gate on a daily quota met in an answer, without retrying it', async () => {
      const timeline: string[] = [];
      const daily = providerFailure('rate_limited', 'daily quota spent', {
        quota: 'day',
        retryable: false,
      });
      const inner = countingProvider((symbols) =>
        Promise.resolve(symbols.map((symbol) => ({ symbol, error: daily }))),
      );
      const gate = recordingGate(timeline);

      await new ResilientProvider(inner, resilienceOptions({ rateGate: gate })).fetchQuotes(['A']);

      expect(inner.calls).to.have.length(1);
      expect(gate.penalties).to.deep.equal([daily.failure]);
    });

    it('tells the gate nothing of failures that are not rate limits', async () => {
      const gate = recordingGate([]);
      const notFound = providerFailure('not_found', 'no such ticker');
      const inner = countingProvider((symbols) =>
        Promise.resolve(symbols.map((symbol) => ({ symbol, error: notFound }))),
      );

      await new ResilientProvider(inner, resilienceOptions({ rateGate: gate })).fetchQuotes(['A']);

      expect(gate.penalties).to.deep.equal([]);
    });
  });

  describe('fetchBars()', () => {
    const request = { symbol: 'A', interval: '1d', from: '2026-03-02', to: '2026-03-10' };

    it('parks the gate on a daily quota a bar call threw', async () => {
      const daily = providerFailure('rate_limited', 'HTTP 429 for the day', {
        quota: 'day',
        retryable: false,
      });
      const inner = countingProvider(
        () => Promise.resolve([]),
        () => Promise.reject(daily),
      );
      const gate = recordingGate([]);
      const provider = new ResilientProvider(inner, resilienceOptions({ rateGate: gate }));

      const error = await provider.fetchBars?.(request).catch((e: unknown) => e);

      expect(error).to.equal(daily);
      expect(inner.calls).to.have.length(1);
      expect(gate.penalties).to.deep.equal([daily.failure]);
    });
  });

  describe('capabilities', () => {
    const perSymbol = (max: number) => {
      const inner = countingProvider(() => Promise.resolve([]), undefined, max);
      return { ...inner, capabilities: { ...inner.capabilities, costPerSymbol: true } };
    };

    it('cuts the batch of a provider charging per symbol to the tightest window', () => {
      const gate = recordingGate([], 5);
      const provider = new ResilientProvider(perSymbol(8), resilienceOptions({ rateGate: gate }));

      expect(provider.capabilities.maxSymbolsPerCall).to.equal(5);
    });

    it('keeps the batch of a provider charging per call, and one that fits', () => {
      const gate = recordingGate([], 5);
      const perCall = countingProvider(() => Promise.resolve([]), undefined, 8);

      const options = resilienceOptions({ rateGate: gate });
      expect(new ResilientProvider(perCall, options).capabilities.maxSymbolsPerCall).to.equal(8);
      const roomy = resilienceOptions({ rateGate: recordingGate([], 100) });
      expect(new ResilientProvider(perSymbol(8), roomy).capabilities.maxSymbolsPerCall).to.equal(8);
    });
  });
});
