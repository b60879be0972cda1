import { expect } from 'chai';
import sinon from 'sinon';
import { createInProcessCache } from '../../../core/runtime/in-process-cache.js';

describe('createInProcessCache()', () => {
  afterEach(() => {
    sinon.restore();
  });

  describe('get() and set()', () => {
    it('returns a deep-equal copy of what was stored', async () => {
      const cache = createInProcessCache();
      const value = { price: 10.5, tags: ['a'], bid: null };
      await cache.set('k', value, 1_000);

      const read = await cache.get<typeof value>('k');
      expect(read).to.deep.equal(value);
      expect(read).to.not.equal(value);
      expect(await cache.get('missing')).to.equal(undefined);
    });

    it('forgets an entry once its TTL has passed', async () => {
      const clock = sinon.useFakeTimers({ now: 1_000_000, toFake: ['Date'] });
      const cache = createInProcessCache();
      await cache.set('k', 'v', 5_000);
      clock.tick(5_000);
      expect(await cache.get('k')).to.equal('v');
      clock.tick(1);
      expect(await cache.get('k')).to.equal(undefined);
    });

    it('removes the entry for a TTL of 0, and keeps one without a TTL', async () => {
      const cache = createInProcessCache();
      await cache.set('k', 'v');
      expect(await cache.get('k')).to.equal('v');
      await cache.set('k', 'v', 0);
      expect(await cache.get('k')).to.equal(undefined);
    });

    it('evicts the least recently used entry past maxEntries', async () => {
      const cache = createInProcessCache(2);
      await cache.set('a', 1);
      await cache.set('b', 2);
      await cache.get('a');
      await cache.set('c', 3);
      expect(await cache.get('b')).to.equal(undefined);
      expect(await cache.get('a')).to.equal(1);
    });
  });

  describe('delete() and stop()', () => {
    it('deletes one entry, and stop() empties the cache', async () => {
      const cache = createInProcessCache();
      await cache.set('a', 1);
      await cache.set('b', 2);
      expect(await cache.delete('a')).to.equal(true);
      expect(await cache.delete('a')).to.equal(false);
      await cache.stop?.();
      expect(await cache.get('b')).to.equal(undefined);
    });
  });
});
