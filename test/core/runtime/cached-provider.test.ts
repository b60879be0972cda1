import { expect } from 'chai';
import sinon from 'sinon';
import { createEnvelope } from '../../../core/contract/envelope.js';
import type { FailureKind } from '../../../core/errors/index.js';
import type { CacheInstance, QuoteOutcome } from '../../../core/plugins/types.js';
import { providerFailure } from '../../../core/providers/failure.js';
import { CachedProvider, type ResultCachePolicy } from '../../../core/runtime/cached-provider.js';
import { createInProcessCache } from '../../../core/runtime/in-process-cache.js';
import { quoteKey } from '../../../core/runtime/result-entries.js';
import { capturingLogger, wallClock } from './cache-fixtures.js';
import { now, quoteOf, scriptedProvider } from './runtime-fixtures.js';

const allGood = (symbols: readonly string[]): QuoteOutcome[] =>
  symbols.map((s) => ({ symbol: s, quote: quoteOf(s) }));

function cachedOf(
  answer: (symbols: readonly string[]) => QuoteOutcome[] | Promise<QuoteOutcome[]> = allGood,
  policy: Partial<ResultCachePolicy> = {},
  cache: CacheInstance = createInProcessCache(),
  label = 'market',
) {
  const inner = scriptedProvider(answer);
  const { logger } = capturingLogger();
  const fullPolicy = { cacheTtlSeconds: 5, failedCacheTtlSeconds: 300, ...policy };
  const provider = new CachedProvider(inner, cache, label, fullPolicy, wallClock, logger);
  return { inner, provider, cache };
}

describe('CachedProvider', () => {
  beforeEach(() => {
    sinon.useFakeTimers({ now, toFake: ['Date', 'setTimeout', 'clearTimeout'] });
  });

  afterEach(() => {
    sinon.restore();
  });

  describe('fetchQuotes()', () => {
    it('asks only for the symbols the cache misses, in one call, answering in request order', async () => {
      const { inner, provider } = cachedOf();
      await provider.fetchQuotes(['AAA', 'BBB']);
      const outcomes = await provider.fetchQuotes(['CCC', 'AAA', 'BBB']);

      expect(inner.calls).to.deep.equal([['AAA', 'BBB'], ['CCC']]);
      expect(outcomes.map((o) => o.symbol)).to.deep.equal(['CCC', 'AAA', 'BBB']);
      expect(outcomes.every((o) => o.quote !== undefined)).to.equal(true);
    });

    it('gives back a cached quote deep-equal to the fetched one, so envelope ids match', async () => {
      const { provider } = cachedOf();
      const [fetched] = await provider.fetchQuotes(['AAA']);
      const [cached] = await provider.fetchQuotes(['AAA']);

      expect(cached?.quote).to.deep.equal(fetched?.quote);
      expect(cached?.quote).to.not.equal(fetched?.quote);
      const idOf = (outcome: QuoteOutcome | undefined) =>
        createEnvelope({
          schema: 'stockpoller.quote',
          record: outcome!.quote!,
          pipeline: 'p',
          fetchedAt: now,
        }).id;
      expect(idOf(cached)).to.equal(idOf(fetched));
    });

    it('asks again once cacheTtlSeconds have passed', async () => {
      const { inner, provider } = cachedOf();
      await provider.fetchQuotes(['AAA']);
      await sinon.clock.tickAsync(4_999);
      await provider.fetchQuotes(['AAA']);
      expect(inner.calls).to.have.length(1);

      await sinon.clock.tickAsync(2);
      await provider.fetchQuotes(['AAA']);
      expect(inner.calls).to.deep.equal([['AAA'], ['AAA']]);
    });

    it('stores no quote when cacheTtlSeconds is 0', async () => {
      const { inner, provider, cache } = cachedOf(allGood, { cacheTtlSeconds: 0 });
      await provider.fetchQuotes(['AAA']);
      await provider.fetchQuotes(['AAA']);

      expect(inner.calls).to.have.length(2);
      expect(await cache.get(quoteKey('market', 'AAA'))).to.equal(undefined);
    });

    it('keys results by provider label and symbol, so other instances never read them', async () => {
      const { cache, provider } = cachedOf();
      await provider.fetchQuotes(['AAA']);

      expect(await cache.get('sp:result:market:quote:AAA')).to.have.property('quote');
      const other = cachedOf(allGood, {}, cache, 'other');
      await other.provider.fetchQuotes(['AAA']);
      expect(other.inner.calls).to.deep.equal([['AAA']]);
    });
  });

  describe('fetchQuotes() with failures', () => {
    const unknownZzz = (symbols: readonly string[]): QuoteOutcome[] =>
      symbols.map((s) =>
        s === 'ZZZ'
          ? { symbol: s, error: providerFailure('not_found', 'quote of ZZZ: unknown symbol') }
          : { symbol: s, quote: quoteOf(s) },
      );

    it('answers a symbol that failed for good from the cache, saying until when', async () => {
      const { inner, provider } = cachedOf(unknownZzz, { cacheTtlSeconds: 0 });
      const [first] = await provider.fetchQuotes(['ZZZ']);
      const [again] = await provider.fetchQuotes(['ZZZ', 'AAA']);

      expect(inner.calls).to.deep.equal([['ZZZ'], ['AAA']]);
      expect(again?.error?.code)
        .to.equal(first?.error?.code)
        .and.equal('SP_ERR_PROVIDER_NOT_FOUND');
      expect(again?.error?.message).to.equal(
        'quote of ZZZ: unknown symbol (remembered from an earlier answer of provider "market"; ' +
          'not asked again until 2026-03-10T15:05:00.000Z)',
      );
      expect(again?.error?.hint).to.equal(first?.error?.hint);
      expect(again?.error?.failure).to.deep.equal({ kind: 'not_found', retryable: false });
    });

    it('asks again for a failed symbol once failedCacheTtlSeconds have passed', async () => {
      const { inner, provider } = cachedOf(unknownZzz, { failedCacheTtlSeconds: 60 });
      await provider.fetchQuotes(['ZZZ']);
      await sinon.clock.tickAsync(59_000);
      await provider.fetchQuotes(['ZZZ']);
      await sinon.clock.tickAsync(1_001);
      await provider.fetchQuotes(['ZZZ']);

      expect(inner.calls).to.deep.equal([['ZZZ'], ['ZZZ']]);
    });

    for (const kind of ['no_data', 'plan_required', 'bad_request'] as const) {
      it(`remembers a ${kind} failure of one symbol`, async () => {
        const { inner, provider } = cachedOf((symbols) =>
          symbols.map((s) => ({ symbol: s, error: providerFailure(kind, `quote of ${s}`) })),
        );
        await provider.fetchQuotes(['AAA']);
        const [again] = await provider.fetchQuotes(['AAA']);

        expect(inner.calls).to.have.length(1);
        expect(again?.error?.failure?.kind).to.equal(kind);
      });
    }

    const keyLevel: FailureKind[] = ['auth', 'rate_limited', 'unavailable', 'malformed'];
    for (const kind of keyLevel) {
      it(`never remembers a ${kind} failure, which is about the provider or the key`, async () => {
        const { inner, provider } = cachedOf((symbols) =>
          symbols.map((s) => ({ symbol: s, error: providerFailure(kind, `quote of ${s}`) })),
        );
        await provider.fetchQuotes(['AAA']);
        await provider.fetchQuotes(['AAA']);
        expect(inner.calls).to.have.length(2);
      });
    }

    it('never remembers a retryable failure, nor one a whole batch shares', async () => {
      const batchFailure = providerFailure('bad_request', 'batch refused');
      const { inner, provider } = cachedOf((symbols) =>
        symbols.map((s) =>
          s === 'AAA'
            ? { symbol: s, error: providerFailure('no_data', 'later', { retryable: true }) }
            : { symbol: s, error: batchFailure },
        ),
      );
      await provider.fetchQuotes(['AAA', 'BBB', 'CCC']);
      await provider.fetchQuotes(['AAA', 'BBB', 'CCC']);

      expect(inner.calls).to.deep.equal([
        ['AAA', 'BBB', 'CCC'],
        ['AAA', 'BBB', 'CCC'],
      ]);
    });

    it('remembers nothing when failedCacheTtlSeconds is 0', async () => {
      const { inner, provider } = cachedOf(unknownZzz, { failedCacheTtlSeconds: 0 });
      await provider.fetchQuotes(['ZZZ']);
      await provider.fetchQuotes(['ZZZ']);
      expect(inner.calls).to.have.length(2);
    });
  });

  describe('fetchQuotes() in flight', () => {
    it('makes one call for symbols two callers miss at the same moment', async () => {
      let release: (() => void) | undefined;
      const { inner, provider } = cachedOf((symbols) =>
        symbols.includes('AAA')
          ? new Promise((resolve) => {
              release = () => {
                resolve(allGood(symbols));
              };
            })
          : allGood(symbols),
      );
      const first = provider.fetchQuotes(['AAA', 'BBB']);
      const second = provider.fetchQuotes(['BBB', 'CCC']);
      await sinon.clock.tickAsync(0);
      release?.();

      const [a, b] = await Promise.all([first, second]);
      expect(inner.calls).to.have.deep.members([['AAA', 'BBB'], ['CCC']]);
      expect(a.map((o) => o.quote?.symbol)).to.deep.equal(['AAA', 'BBB']);
      expect(b.map((o) => o.quote?.symbol)).to.deep.equal(['BBB', 'CCC']);
      expect(b[0]?.quote).to.equal(a[1]?.quote);
    });

    it('fails every caller waiting on a call that threw, and asks again next time', async () => {
      let calls = 0;
      const { provider } = cachedOf(() => {
        calls += 1;
        return calls === 1 ? Promise.reject(new Error('socket hang up')) : allGood(['AAA']);
      });
      const first = provider.fetchQuotes(['AAA']);
      const second = provider.fetchQuotes(['AAA']);

      for (const call of [first, second]) {
        const error = await call.then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(error).to.have.property('message', 'socket hang up');
      }
      const [later] = await provider.fetchQuotes(['AAA']);
      expect(later?.quote?.symbol).to.equal('AAA');
    });
  });
});
