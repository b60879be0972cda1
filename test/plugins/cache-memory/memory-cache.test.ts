import { expect } from 'chai';
import sinon from 'sinon';
import type { CacheInstance } from '../../../core/plugins/types.js';
import { createMemoryCache } from '../../../plugins/cache-memory/memory-cache.js';
import { createTestContext } from '../../helpers/plugin-context.js';

const { log } = createTestContext();

function createCache(maxEntries = 100): CacheInstance {
  return createMemoryCache({ maxEntries, namespace: 'stockpoller' }, log);
}

describe('memory cache', () => {
  afterEach(() => {
    sinon.restore();
  });

  describe('get()', () => {
    it('returns what was set, as a copy', async () => {
      const cache = createCache();
      const value = { symbol: 'AAPL', prices: [1, 2] };
      await cache.set('quote:AAPL', value);

      const read = await cache.get<typeof value>('quote:AAPL');

      expect(read).to.deep.equal(value);
      expect(read).to.not.equal(value);
    });

    it('returns undefined for a key never set', async () => {
      expect(await createCache().get('missing')).to.equal(undefined);
    });
  });

  describe('set() with a TTL', () => {
    it('keeps the value for ttlMs and drops it after', async () => {
      const clock = sinon.useFakeTimers({ now: Date.UTC(2026, 2, 10), toFake: ['Date'] });
      const cache = createCache();
      await cache.set('bars:AAPL', [1, 2, 3], 60_000);

      clock.tick(60_000);
      expect(await cache.get('bars:AAPL')).to.deep.equal([1, 2, 3]);
      clock.tick(1);
      expect(await cache.get('bars:AAPL')).to.equal(undefined);
    });

    it('keeps a value without TTL however much time passes', async () => {
      const clock = sinon.useFakeTimers({ now: 0, toFake: ['Date'] });
      const cache = createCache();
      await cache.set('config', 'v1');

      clock.tick(365 * 86_400_000);

      expect(await cache.get('config')).to.equal('v1');
    });

    it('treats a TTL of 0 as already expired', async () => {
      const cache = createCache();
      await cache.set('k', 'old');

      await cache.set('k', 'new', 0);

      expect(await cache.get('k')).to.equal(undefined);
    });
  });

  describe('maxEntries', () => {
    it('evicts the least recently used entry', async () => {
      const cache = createCache(2);
      await cache.set('a', 1);
      await cache.set('b', 2);
      await cache.get('a');

      await cache.set('c', 3);

      expect([await cache.get('a'), await cache.get('b'), await cache.get('c')]).to.deep.equal([
        1,
        undefined,
        3,
      ]);
    });
  });

  describe('delete()', () => {
    it('removes the entry', async () => {
      const cache = createCache();
      await cache.set('a', 1);

      await cache.delete('a');

      expect(await cache.get('a')).to.equal(undefined);
    });
  });

  describe('stop()', () => {
    it('empties the cache and can be called twice', async () => {
      const cache = createCache();
      await cache.set('a', 1);

      await cache.stop?.();
      await cache.stop?.();

      expect(await cache.get('a')).to.equal(undefined);
    });
  });
});
