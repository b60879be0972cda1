import { expect } from 'chai';
import { createConnection } from 'node:net';
import { randomUUID } from 'node:crypto';
import { createClient } from '@keyv/redis';
import plugin from '../../../plugins/cache-redis/index.js';
import type { CacheInstance } from '../../../core/plugins/types.js';
import { createTestContext } from '../../helpers/plugin-context.js';

const redisUrl = 'redis://127.0.0.1:6379';

/** Fails (never skips) with how to start Redis when it is not listening. */
async function requireRedis(): Promise<void> {
  const reachable = await new Promise<boolean>((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port: 6379 });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => {
      resolve(false);
    });
  });
  if (!reachable) {
    throw new Error(
      'Redis is down on 127.0.0.1:6379; start it with: redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save ""',
    );
  }
}

async function openCache(options: Record<string, unknown> = {}): Promise<CacheInstance> {
  const context = createTestContext();
  const cache = await plugin.create(context, {
    url: redisUrl,
    namespace: `test-${randomUUID()}`,
    connectTimeoutMs: 2000,
    ...options,
  });
  await cache.start?.();
  return cache;
}

describe('cache-redis', () => {
  const opened: CacheInstance[] = [];

  before(requireRedis);

  after(async () => {
    await Promise.all(
      opened.map(async (cache) => {
        await cache.stop?.();
      }),
    );
  });

  describe('set() and get()', () => {
    it('stores JSON values and returns copies', async () => {
      const cache = await openCache();
      opened.push(cache);
      const value = { symbol: 'AAPL', price: 187.3, tags: ['a'] };
      await cache.set('quote:AAPL', value, 60_000);

      const read = await cache.get<typeof value>('quote:AAPL');
      expect(read).to.deep.equal(value);
      expect(read).to.not.equal(value);
      expect(await cache.get('quote:MSFT')).to.equal(undefined);
    });

    it('turns a TTL into a Redis expiry in milliseconds', async () => {
      const namespace = `ttl-${randomUUID()}`;
      const cache = await openCache({ namespace });
      opened.push(cache);
      await cache.set('k', 'v', 60_000);

      const client = createClient({ url: redisUrl });
      await client.connect();
      const keys = await client.keys(`*${namespace}*`);
      const ttl = keys[0] === undefined ? -3 : await client.pTTL(keys[0]);
      await client.quit();
      expect(keys).to.have.length(1);
      expect(ttl).to.be.within(1, 60_000);
    });

    it('removes an entry whose TTL is zero or less', async () => {
      const cache = await openCache();
      opened.push(cache);
      await cache.set('k', 1, 60_000);
      await cache.set('k', 2, 0);
      expect(await cache.get('k')).to.equal(undefined);
    });

    it('keeps namespaces apart and shares one namespace between instances', async () => {
      const namespace = `shared-${randomUUID()}`;
      const first = await openCache({ namespace });
      const second = await openCache({ namespace });
      const other = await openCache();
      opened.push(first, second, other);
      await first.set('k', 'v', 60_000);

      expect(await second.get('k')).to.equal('v');
      expect(await other.get('k')).to.equal(undefined);
      expect(await second.delete('k')).to.equal(true);
      expect(await first.get('k')).to.equal(undefined);
    });
  });

  describe('health()', () => {
    it('reports a reachable Redis as healthy', async () => {
      const cache = await openCache();
      opened.push(cache);
      expect(await cache.health?.()).to.deep.equal({ healthy: true });
    });
  });

  describe('start()', () => {
    it('fails for an unreachable Redis without showing the password', async () => {
      const context = createTestContext();
      const cache = await plugin.create(context, {
        url: 'redis://user:s3cr3t-pass@127.0.0.1:1',
        namespace: 'x',
        connectTimeoutMs: 500,
      });
      try {
        await cache.start?.();
        expect.fail('expected start() to fail');
      } catch (error) {
        expect((error as Error).message)
          .to.contain('cannot reach Redis')
          .and.not.contain('s3cr3t');
      } finally {
        await cache.stop?.();
        await cache.stop?.();
      }
    });
  });
});
