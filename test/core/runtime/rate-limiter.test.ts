import { expect } from 'chai';
import { isStockpollerError } from '../../../core/errors/index.js';
import {
  createHarness,
  createRandom,
  idealStarts,
  peakUsage,
  type Call,
  type Harness,
} from './rate-limiter-harness.js';

describe('RateLimiter', () => {
  let h: Harness | undefined;
  afterEach(() => {
    h?.fake.restore();
    h = undefined;
  });

  /** Queues a call with the harness, recording its start (relative to t0) when granted. */
  function track(harness: Harness, call: Call, signal?: AbortSignal): Promise<void> {
    return harness.limiter.acquire(call.cost, signal).then(() => {
      call.start = harness.elapsed();
    });
  }

  it('lets 20 concurrent callers start at the earliest instants 2/s and 5/min allow', async () => {
    h = createHarness({ limits: { perSecond: 2, perMinute: 5 } });
    const calls: Call[] = Array.from({ length: 20 }, () => ({ arrival: 0, cost: 1 }));
    for (const call of calls) void track(h, call);
    await h.fake.tickAsync(240_000);
    const starts = calls.map((c) => c.start);
    const minute = [0, 0, 1000, 1000, 2000];
    expect(starts).to.deep.equal(
      [0, 60_000, 120_000, 180_000].flatMap((m) => minute.map((s) => m + s)),
    );
    expect(peakUsage(calls, 1000)).to.equal(2);
    expect(peakUsage(calls, 60_000)).to.equal(5);
    // One timer per wait for a slot, never a polling loop.
    expect(h.armed()).to.be.at.most(starts.length);
  });

  it('never exceeds a window and wastes no budget over a random 60 s load', async () => {
    h = createHarness({ limits: { perSecond: 2, perMinute: 20 } });
    const random = createRandom(7);
    const calls: Call[] = [];
    for (let i = 0; i < 60; i++) {
      calls.push({ arrival: Math.floor(random() * 60_000), cost: random() < 0.3 ? 2 : 1 });
    }
    calls.sort((a, b) => a.arrival - b.arrival);
    for (const call of calls) {
      const harness = h;
      h.fake.setTimeout(() => void track(harness, call), call.arrival);
    }
    await h.fake.tickAsync(60_000 * 6);
    expect(calls.every((c) => c.start !== undefined)).to.equal(true);
    expect(peakUsage(calls, 1000)).to.be.at.most(2);
    expect(peakUsage(calls, 60_000)).to.be.at.most(20);
    expect(calls.map((c) => c.start)).to.deep.equal(idealStarts(calls, h.limiter.windows));
  });

  it('serves waiters in arrival order even when a cheaper one would fit first', async () => {
    h = createHarness({ limits: { perSecond: 3 } });
    const order: string[] = [];
    const log = (name: string) => () => order.push(name);
    await h.limiter.acquire(2);
    const big = h.limiter.acquire(2).then(log('big'));
    const small = h.limiter.acquire(1).then(log('small'));
    await h.fake.tickAsync(999);
    expect(order).to.deep.equal([]);
    await h.fake.tickAsync(1);
    await Promise.all([big, small]);
    expect(order).to.deep.equal(['big', 'small']);
    expect(h.elapsed()).to.equal(1000);
  });

  it('counts a call of cost 3 as three starts in every window', async () => {
    h = createHarness({ limits: { perSecond: 5, perMinute: 6 } });
    const calls: Call[] = [3, 3, 1].map((cost) => ({ arrival: 0, cost }));
    for (const call of calls) void track(h, call);
    await h.fake.tickAsync(130_000);
    expect(calls.map((c) => c.start)).to.deep.equal([0, 1000, 60_000]);
  });

  it('rejects a cost no window can ever hold, and one that is not a count', async () => {
    h = createHarness({ limits: { perSecond: 2 } });
    const tooBig = await h.limiter.acquire(3).catch((e: unknown) => e);
    expect(isStockpollerError(tooBig) && tooBig.code).to.equal('SP_ERR_CONFIG_BAD_VALUE');
    const fraction = await h.limiter.acquire(0.5).catch((e: unknown) => e);
    expect(isStockpollerError(fraction) && fraction.code).to.equal('SP_ERR_INTERNAL');
  });

  it('rejects an aborted waiter with its reason and hands its place on at once', async () => {
    h = createHarness({ limits: { perSecond: 2 } });
    await h.limiter.acquire();
    const controller = new AbortController();
    // The head needs both units of the second, so it blocks the cheaper call behind it.
    const aborted = h.limiter.acquire(2, controller.signal).catch((e: unknown) => e);
    const next: Call = { arrival: 0, cost: 1 };
    void track(h, next);
    expect((await h.limiter.state()).waiters).to.equal(2);
    await h.fake.tickAsync(500);
    expect(next.start).to.equal(undefined);
    const reason = new Error('pipeline stopped');
    controller.abort(reason);
    expect(await aborted).to.equal(reason);
    await h.fake.tickAsync(0);
    expect(next.start).to.equal(500);
    expect((await h.limiter.state()).waiters).to.equal(0);
  });

  it('rejects at once when the signal has already aborted', async () => {
    h = createHarness({ limits: { perSecond: 1 } });
    const reason = new Error('gone');
    const outcome = await h.limiter.acquire(1, AbortSignal.abort(reason)).catch((e: unknown) => e);
    expect(outcome).to.equal(reason);
    expect((await h.limiter.state()).windows[0]?.used).to.equal(0);
  });

  it('lets an unlimited provider through without arming a timer', async () => {
    const harness = (h = createHarness({ limits: {} }));
    await Promise.all(Array.from({ length: 50 }, () => harness.limiter.acquire()));
    expect(h.armed()).to.equal(0);
  });
});
