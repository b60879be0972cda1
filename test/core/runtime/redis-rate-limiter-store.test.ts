import { expect } from 'chai';
import {
  RedisRateLimiterStore,
  type RedisScriptCall,
  type RedisScriptClient,
} from '../../../core/runtime/redis-rate-limiter-store.js';
import type { RateWindow } from '../../../core/runtime/rate-windows.js';
import { describeRateLimiterStoreContract } from '../../contracts/rate-limiter-store-contract.js';
import { recordLogs } from '../../helpers/logs.js';
import {
  connectTestRedis,
  deleteKeysUnder,
  keysUnder,
  uniqueKeyPrefix,
  type TestRedis,
} from '../../helpers/redis.js';

const second = (limit: number): RateWindow => ({ name: 'second', limit, windowMs: 1000 });
const hour = (limit: number): RateWindow => ({ name: 'hour', limit, windowMs: 3_600_000 });

/** A client whose script calls fail while `down` is set, as when Redis is unreachable. */
function switchableClient(real: TestRedis): RedisScriptClient & { down: boolean; calls: number } {
  const refused = (): Promise<never> =>
    Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:6390'));
  const client = {
    down: false,
    calls: 0,
    evalSha(sha1: string, call: RedisScriptCall): Promise<unknown> {
      client.calls++;
      return client.down ? refused() : real.evalSha(sha1, call);
    },
    eval(script: string, call: RedisScriptCall): Promise<unknown> {
      return client.down ? refused() : real.eval(script, call);
    },
  };
  return client;
}

describe('RedisRateLimiterStore', () => {
  let redis: TestRedis;
  const prefixes: string[] = [];

  before(async () => {
    redis = await connectTestRedis();
  });
  after(async () => {
    for (const prefix of prefixes) await deleteKeysUnder(redis, prefix);
    redis.destroy();
  });

  /** A store on a fresh budget key, timed by `time`. */
  function openStore(
    time: 'redis' | 'caller',
    extra: Partial<ConstructorParameters<typeof RedisRateLimiterStore>[0]> = {},
  ): RedisRateLimiterStore {
    const budgetKey = `${uniqueKeyPrefix()}:simulated:0123456789abcdef`;
    prefixes.push(budgetKey);
    return new RedisRateLimiterStore({ client: redis, budgetKey, time, ...extra });
  }

  describeRateLimiterStoreContract('RedisRateLimiterStore on the caller clock', () =>
    Promise.resolve(openStore('caller')),
  );

  describe('reserve() on Redis time', () => {
    it('shares one budget between replicas whose clocks are hours apart', async () => {
      const budgetKey = `${uniqueKeyPrefix()}:simulated:feedfacefeedface`;
      prefixes.push(budgetKey);
      const fast = new RedisRateLimiterStore({ client: redis, budgetKey });
      const slow = new RedisRateLimiterStore({ client: redis, budgetKey });
      const fastNow = Date.now() + 3 * 3_600_000;
      const slowNow = Date.now() - 3 * 3_600_000;
      const windows = [second(3), hour(100)];

      expect(await fast.reserve(windows, 2, fastNow)).to.deep.equal({ granted: true });
      expect(await slow.reserve(windows, 1, slowNow)).to.deep.equal({ granted: true });
      const refused = await slow.reserve(windows, 1, slowNow);
      // The answer is in the asking replica's own clock: within the second that is full.
      expect(refused.granted).to.equal(false);
      const waitMs = refused.granted ? 0 : refused.retryAtMs - slowNow;
      expect(waitMs).to.be.greaterThan(0).and.at.most(1000);
      const seen = await fast.snapshot(windows, fastNow);
      expect(seen.windows.map((w) => w.used)).to.deep.equal([3, 3]);
    });

    it('holds a slow-clocked replica for the duration a fast-clocked one was told to wait', async () => {
      const budgetKey = `${uniqueKeyPrefix()}:simulated:0ddba11000000000`;
      prefixes.push(budgetKey);
      const fast = new RedisRateLimiterStore({ client: redis, budgetKey });
      const slow = new RedisRateLimiterStore({ client: redis, budgetKey });
      const fastNow = Date.now() + 3_600_000;
      await fast.pause(fastNow + 2000, false, fastNow);

      const slowNow = Date.now() - 3_600_000;
      const refused = await slow.reserve([second(5)], 1, slowNow);
      const waitMs = refused.granted ? 0 : refused.retryAtMs - slowNow;
      expect(waitMs).to.be.greaterThan(1000).and.at.most(2000);
      const snapshot = await slow.snapshot([second(5)], slowNow);
      expect(snapshot.pausedUntil)
        .to.be.a('number')
        .greaterThan(slowNow + 1000);
    });
  });

  describe('keys', () => {
    it('keeps the budget under its key and lets each key expire after its window', async () => {
      const store = openStore('redis');
      await store.reserve([second(2), hour(10)], 1, Date.now());
      await store.pause(Date.now() + 1500, false, Date.now());
      const key = prefixes[prefixes.length - 1] ?? '';

      const keys = (await keysUnder(redis, key)).sort();
      expect(keys).to.deep.equal(
        ['hour', 'hour:used', 'pause', 'second', 'second:used'].map((k) => `${key}:${k}`),
      );
      const ttlOf = async (suffix: string): Promise<number> => redis.pTTL(`${key}:${suffix}`);
      expect(await ttlOf('second')).to.be.within(1, 1000);
      expect(await ttlOf('second:used')).to.be.within(1, 1000);
      expect(await ttlOf('hour')).to.be.within(3_590_000, 3_600_000);
      expect(await ttlOf('pause')).to.be.within(1, 1500);
    });

    it('recounts a window from its log should its counter go missing', async () => {
      const store = openStore('caller');
      const key = prefixes[prefixes.length - 1] ?? '';
      await store.reserve([second(5)], 2, 1000);
      await store.reserve([second(5)], 2, 1100);
      await redis.del(`${key}:second:used`);
      expect(await store.reserve([second(5)], 2, 1200)).to.deep.equal({
        granted: false,
        retryAtMs: 2000,
      });
      expect(await redis.get(`${key}:second:used`)).to.equal('4');
    });

    it('loads its script again when Redis answers NOSCRIPT (a restarted or flushed server)', async () => {
      let first = true;
      const client: RedisScriptClient = {
        // The first call asks for a script Redis cannot know, for Redis's own NOSCRIPT reply.
        evalSha: (sha1, call) => {
          const asked = first ? 'f'.repeat(40) : sha1;
          first = false;
          return redis.evalSha(asked, call);
        },
        eval: (script, call) => redis.eval(script, call),
      };
      const store = openStore('caller', { client });
      expect(await store.reserve([second(1)], 1, 1000)).to.deep.equal({ granted: true });
      expect(await store.reserve([second(1)], 1, 1001)).to.include({ granted: false });
    });
  });

  describe('while Redis fails', () => {
    it('grants nothing, backs off 250 ms doubling to 5 s, and warns once', async () => {
      const client = switchableClient(redis);
      const { log, lines } = recordLogs();
      const store = openStore('caller', { client, log });
      client.down = true;
      const waits: number[] = [];
      for (let i = 0; i < 8; i++) {
        const answer = await store.reserve([second(5)], 1, 10_000 + i);
        waits.push(answer.granted ? -1 : answer.retryAtMs - (10_000 + i));
      }
      expect(waits).to.deep.equal([250, 500, 1000, 2000, 4000, 5000, 5000, 5000]);
      const warnings = lines().filter((line) => line.level === 40);
      expect(warnings).to.have.length(1);
      expect(warnings[0]).to.include({
        msg: 'shared rate limit store failing, holding calls',
        retryInMs: 250,
      });

      client.down = false;
      expect(await store.reserve([second(5)], 1, 20_000)).to.deep.equal({ granted: true });
      const recovered = lines().filter((line) => line.level === 30);
      expect(recovered.map((line) => [line.msg, line.failures])).to.deep.equal([
        ['shared rate limit store reachable again', 8],
      ]);
    });

    it('still holds this process for a penalty it could not record', async () => {
      const client = switchableClient(redis);
      const store = openStore('caller', { client });
      client.down = true;
      await store.pause(15_000, false, 10_000);
      client.down = false;
      expect(await store.reserve([second(5)], 1, 12_000)).to.deep.equal({
        granted: false,
        retryAtMs: 15_000,
      });
      expect(await store.reserve([second(5)], 1, 15_000)).to.deep.equal({ granted: true });
    });

    it('rejects a snapshot, having nothing true to report', async () => {
      const client = switchableClient(redis);
      const store = openStore('caller', { client });
      client.down = true;
      const failure = await store.snapshot([second(5)], 0).catch((error: unknown) => error);
      expect(String(failure)).to.contain('ECONNREFUSED');
    });
  });
});
