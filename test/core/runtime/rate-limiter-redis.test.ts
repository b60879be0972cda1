import { expect } from 'chai';
import { setMaxListeners } from 'node:events';
import { RateLimiter } from '../../../core/runtime/rate-limiter.js';
import type { RateLimits } from '../../../core/runtime/rate-windows.js';
import {
  RedisRateLimiterStore,
  type RedisScriptClient,
} from '../../../core/runtime/redis-rate-limiter-store.js';
import {
  connectTestRedis,
  deleteKeysUnder,
  uniqueKeyPrefix,
  type TestRedis,
} from '../../helpers/redis.js';

/** Resolves once `condition` holds, checking every 10 ms. */
async function until(condition: () => boolean | Promise<boolean>): Promise<void> {
  while (!(await condition())) await new Promise((resolve) => setTimeout(resolve, 10));
}

describe('RateLimiter on a Redis store (real time)', () => {
  let redis: TestRedis;
  const prefix = uniqueKeyPrefix();
  const controller = new AbortController();

  before(async () => {
    // Every waiter of the race listens to this one signal.
    setMaxListeners(32, controller.signal);
    redis = await connectTestRedis();
  });
  after(async () => {
    controller.abort(new Error('suite over'));
    await deleteKeysUnder(redis, prefix);
    redis.destroy();
  });

  /** A limiter as one process would have it, counting the script calls it makes. */
  function processLimiter(
    budget: string,
    limits: RateLimits,
  ): { limiter: RateLimiter; calls: () => number } {
    let calls = 0;
    const client: RedisScriptClient = {
      evalSha: (sha1, call) => {
        calls++;
        return redis.evalSha(sha1, call);
      },
      eval: (script, call) => redis.eval(script, call),
    };
    const store = new RedisRateLimiterStore({ client, budgetKey: `${prefix}:${budget}` });
    return { limiter: new RateLimiter({ limits, store }), calls: () => calls };
  }

  it('never grants two racing processes more than the budget together', async () => {
    const a = processLimiter('race', { perMinute: 5 });
    const b = processLimiter('race', { perMinute: 5 });
    let granted = 0;
    for (const { limiter } of [a, b, a, b, a, b, a, b, a, b, a, b, a, b, a, b]) {
      void limiter.acquire(1, controller.signal).then(
        () => granted++,
        () => undefined,
      );
    }
    const waiting = async (): Promise<number> =>
      (await a.limiter.state()).waiters + (await b.limiter.state()).waiters;
    await until(async () => granted === 5 && (await waiting()) === 11);
    // Both limiters now sleep until the minute frees: a while later nothing more was granted.
    const callsSoFar = a.calls() + b.calls();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(granted).to.equal(5);
    expect(a.calls() + b.calls()).to.equal(callsSoFar);
    expect((await a.limiter.state()).windows[0]).to.include({ used: 5 });
  });

  it('serves its waiters in arrival order as the budget frees, without polling Redis', async () => {
    const { limiter, calls } = processLimiter('order', { perSecond: 3 });
    const order: number[] = [];
    await Promise.all(
      [0, 1, 2, 3, 4, 5, 6].map((id) => limiter.acquire().then(() => order.push(id))),
    );
    expect(order).to.deep.equal([0, 1, 2, 3, 4, 5, 6]);
    // One call per grant, plus a few refusals around the two instants the window frees.
    expect(calls()).to.be.below(16);
  });

  it('wakes when the budget another process took frees up', async () => {
    const taker = processLimiter('wake', { perSecond: 2 });
    const waiter = processLimiter('wake', { perSecond: 2 });
    await Promise.all([taker.limiter.acquire(), taker.limiter.acquire()]);
    await waiter.limiter.acquire();
    // A refusal, a timer to the instant the oldest start leaves, and a grant: no busy loop.
    expect(waiter.calls()).to.be.within(2, 4);
  });
});
