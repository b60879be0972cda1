import { expect } from 'chai';
import sinon from 'sinon';
import type { Bar } from '../../../core/contract/types.js';
import type { BarRequest, CacheInstance } from '../../../core/plugins/types.js';
import { CachedProvider } from '../../../core/runtime/cached-provider.js';
import { createInProcessCache } from '../../../core/runtime/in-process-cache.js';
import { brokenCache, capturingLogger, wallClock } from './cache-fixtures.js';
import { now, scriptedProvider } from './runtime-fixtures.js';

const request: BarRequest = {
  symbol: 'AAA',
  interval: '1d',
  from: '2026-03-01T00:00:00.000Z',
  to: '2026-03-10T00:00:00.000Z',
};

function barOf(symbol: string, date: string): Bar {
  return {
    symbol,
    provider: 'fake',
    interval: '1d',
    date,
    timestamp: `${date}T05:00:00.000Z`,
    open: 1,
    high: 2,
    low: 0.5,
    close: 1.5,
    volume: 10,
  };
}

function barsProvider(cacheTtlSeconds: number, cache: CacheInstance = createInProcessCache()) {
  const requests: BarRequest[] = [];
  let answer: (r: BarRequest) => Promise<Bar[]> = (r) =>
    Promise.resolve([barOf(r.symbol, '2026-03-09')]);
  const inner = scriptedProvider(() => []);
  inner.fetchBars = (r) => {
    requests.push(r);
    return answer(r);
  };
  const policy = { cacheTtlSeconds, failedCacheTtlSeconds: 300 };
  const { logger, lines } = capturingLogger();
  const provider = new CachedProvider(inner, cache, 'market', policy, wallClock, logger);
  return {
    provider,
    requests,
    lines,
    answerWith: (next: (r: BarRequest) => Promise<Bar[]>) => {
      answer = next;
    },
  };
}

describe('CachedProvider', () => {
  beforeEach(() => {
    sinon.useFakeTimers({ now, toFake: ['Date', 'setTimeout', 'clearTimeout'] });
  });

  afterEach(() => {
    sinon.restore();
  });

  describe('fetchBars()', () => {
    it('reuses the bars of the same request until cacheTtlSeconds pass', async () => {
      const { provider, requests } = barsProvider(5);
      const first = await provider.fetchBars!(request);
      const again = await provider.fetchBars!({ ...request });
      await provider.fetchBars!({ ...request, to: '2026-03-10T00:00:01.000Z' });

      expect(again).to.deep.equal(first).and.have.length(1);
      expect(requests).to.have.length(2);
      await sinon.clock.tickAsync(5_001);
      await provider.fetchBars!(request);
      expect(requests).to.have.length(3);
    });

    it('asks every time when cacheTtlSeconds is 0', async () => {
      const { provider, requests } = barsProvider(0);
      await provider.fetchBars!(request);
      await provider.fetchBars!(request);
      expect(requests).to.have.length(2);
    });

    it('makes one call for the same request asked twice at the same moment', async () => {
      const { provider, requests, answerWith } = barsProvider(5);
      let release: (() => void) | undefined;
      answerWith(
        (r) =>
          new Promise((resolve) => {
            release = () => {
              resolve([barOf(r.symbol, '2026-03-09')]);
            };
          }),
      );
      const first = provider.fetchBars!(request);
      const second = provider.fetchBars!(request);
      await sinon.clock.tickAsync(0);
      release?.();

      const [a, b] = await Promise.all([first, second]);
      expect(requests).to.have.length(1);
      expect(b).to.equal(a);
    });

    it('passes a failure through and caches nothing', async () => {
      const { provider, requests, answerWith } = barsProvider(5);
      answerWith(() => Promise.reject(new Error('no bars today')));
      const failure = await provider.fetchBars!(request).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(failure).to.have.property('message', 'no bars today');

      answerWith((r) => Promise.resolve([barOf(r.symbol, '2026-03-09')]));
      expect(await provider.fetchBars!(request)).to.have.length(1);
      expect(requests).to.have.length(2);
    });

    it('asks the provider and warns when the cache fails', async () => {
      const { provider, requests, lines } = barsProvider(5, brokenCache('reject'));
      expect(await provider.fetchBars!(request)).to.have.length(1);
      expect(requests).to.have.length(1);
      expect(lines.filter((l) => l.level === 40).map((l) => l.msg)).to.deep.equal([
        'result cache unreadable, asking the provider',
        'result cache write failed, results not shared',
      ]);
    });

    it('is absent when the provider serves no bars', () => {
      const inner = scriptedProvider(() => []);
      const policy = { cacheTtlSeconds: 5, failedCacheTtlSeconds: 300 };
      const cache = createInProcessCache();
      const provider = new CachedProvider(
        inner,
        cache,
        'm',
        policy,
        wallClock,
        capturingLogger().logger,
      );
      expect(provider.fetchBars).to.equal(undefined);
      expect(provider.capabilities).to.equal(inner.capabilities);
    });
  });
});
