import { expect } from 'chai';
import sinon from 'sinon';
import type { CacheInstance, QuoteOutcome } from '../../../core/plugins/types.js';
import { CachedProvider, cacheTimeoutMs } from '../../../core/runtime/cached-provider.js';
import { createInProcessCache } from '../../../core/runtime/in-process-cache.js';
import { failedQuoteKey, quoteKey } from '../../../core/runtime/result-entries.js';
import { brokenCache, capturingLogger, wallClock } from './cache-fixtures.js';
import { now, quoteOf, scriptedProvider } from './runtime-fixtures.js';

const allGood = (symbols: readonly string[]): QuoteOutcome[] =>
  symbols.map((s) => ({ symbol: s, quote: quoteOf(s) }));

function cachedOver(cache: CacheInstance) {
  const inner = scriptedProvider(allGood);
  const { logger, lines } = capturingLogger();
  const policy = { cacheTtlSeconds: 5, failedCacheTtlSeconds: 300 };
  const provider = new CachedProvider(inner, cache, 'market', policy, wallClock, logger);
  return { inner, provider, lines };
}

describe('CachedProvider', () => {
  beforeEach(() => {
    sinon.useFakeTimers({ now, toFake: ['Date', 'setTimeout', 'clearTimeout'] });
  });

  afterEach(() => {
    sinon.restore();
  });

  describe('fetchQuotes() when the cache fails', () => {
    for (const mode of ['reject', 'throw'] as const) {
      it(`asks the provider and warns once per call when cache operations ${mode}`, async () => {
        const { inner, provider, lines } = cachedOver(brokenCache(mode));
        const outcomes = await provider.fetchQuotes(['AAA', 'BBB']);

        expect(inner.calls).to.deep.equal([['AAA', 'BBB']]);
        expect(outcomes.map((o) => o.quote?.symbol)).to.deep.equal(['AAA', 'BBB']);
        const warnings = lines.filter((line) => line.level === 40);
        expect(warnings.map((w) => w.msg)).to.deep.equal([
          'result cache unreadable, asking the provider',
          'result cache write failed, results not shared',
        ]);
        expect(warnings[0]).to.include({ provider: 'market', failedReads: 4 });
        expect(warnings[1]).to.include({ failedWrites: 2 });
      });
    }

    it('gives up on a cache that does not answer within cacheTimeoutMs', async () => {
      const { inner, provider, lines } = cachedOver(brokenCache('hang'));
      const answer = provider.fetchQuotes(['AAA']);
      await sinon.clock.tickAsync(cacheTimeoutMs);
      expect(inner.calls).to.deep.equal([['AAA']]);
      await sinon.clock.tickAsync(cacheTimeoutMs);

      const [outcome] = await answer;
      expect(outcome?.quote?.symbol).to.equal('AAA');
      expect(lines.filter((line) => line.level === 40)).to.have.length(2);
    });

    it('reads entries it does not understand as misses', async () => {
      const cache = createInProcessCache();
      await cache.set(quoteKey('market', 'AAA'), { v: 2, until: now + 60_000, quote: {} });
      await cache.set(quoteKey('market', 'BBB'), {
        v: 1,
        until: now + 60_000,
        quote: quoteOf('X'),
      });
      await cache.set(quoteKey('market', 'CCC'), { v: 1, until: now - 1, quote: quoteOf('CCC') });
      const remembered = { v: 1, until: now + 60_000, kind: 'not_found', message: 'gone' };
      await cache.set(failedQuoteKey('market', 'DDD'), { ...remembered, code: 'SP_ERR_NOPE' });
      await cache.set(failedQuoteKey('market', 'EEE'), {
        ...remembered,
        code: 'SP_ERR_PROVIDER_AUTH',
        kind: 'auth',
      });
      await cache.set(failedQuoteKey('market', 'FFF'), {
        ...remembered,
        code: 'SP_ERR_PROVIDER_NOT_FOUND',
        hint: 42,
      });
      await cache.set(quoteKey('market', 'GGG'), 'not an entry');
      const { inner, provider } = cachedOver(cache);

      await provider.fetchQuotes(['AAA', 'BBB', 'CCC', 'DDD', 'EEE', 'FFF', 'GGG']);
      expect(inner.calls).to.deep.equal([['AAA', 'BBB', 'CCC', 'DDD', 'EEE', 'FFF', 'GGG']]);
    });

    it('answers a remembered failure whose entry is well formed, with its status', async () => {
      const cache = createInProcessCache();
      await cache.set(failedQuoteKey('market', 'AAA'), {
        v: 1,
        until: now + 60_000,
        code: 'SP_ERR_PROVIDER_PLAN_REQUIRED',
        kind: 'plan_required',
        message: 'quote of AAA: not on this plan',
        status: 403,
      });
      const { inner, provider } = cachedOver(cache);

      const [outcome] = await provider.fetchQuotes(['AAA']);
      expect(inner.calls).to.deep.equal([]);
      expect(outcome?.error?.code).to.equal('SP_ERR_PROVIDER_PLAN_REQUIRED');
      expect(outcome?.error?.hint).to.equal(undefined);
      expect(outcome?.error?.failure).to.deep.equal({
        kind: 'plan_required',
        retryable: false,
        status: 403,
      });
    });

    it('fails a symbol the provider left out of its answer as malformed', async () => {
      const inner = scriptedProvider((symbols) => allGood(symbols.filter((s) => s !== 'BBB')));
      const policy = { cacheTtlSeconds: 5, failedCacheTtlSeconds: 300 };
      const provider = new CachedProvider(
        inner,
        createInProcessCache(),
        'market',
        policy,
        wallClock,
        capturingLogger().logger,
      );

      const outcomes = await provider.fetchQuotes(['AAA', 'BBB', 'CCC']);
      expect(outcomes.map((o) => o.quote?.symbol ?? o.error?.code)).to.deep.equal([
        'AAA',
        'SP_ERR_PROVIDER_MALFORMED',
        'CCC',
      ]);
    });
  });
});
