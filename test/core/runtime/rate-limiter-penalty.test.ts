import { expect } from 'chai';
import { isStockpollerError, type FailureInfo } from '../../../core/errors/index.js';
import { resolveRateWindows } from '../../../core/runtime/rate-windows.js';
import { createHarness, t0, type Harness } from './rate-limiter-harness.js';

const limited = (extra: Partial<FailureInfo> = {}): FailureInfo => ({
  kind: 'rate_limited',
  retryable: true,
  ...extra,
});

describe('RateLimiter penalties and state', () => {
  let h: Harness | undefined;
  afterEach(() => {
    h?.fake.restore();
    h = undefined;
  });

  /** Ms after t0 at which a call queued now is let start. */
  async function startOfNextCall(harness: Harness, horizonMs: number): Promise<number | undefined> {
    let start: number | undefined;
    void harness.limiter.acquire().then(() => {
      start = harness.elapsed();
    });
    await harness.fake.tickAsync(horizonMs);
    return start;
  }

  it('holds every caller until a Retry-After ends, to the millisecond', async () => {
    h = createHarness({ limits: { perSecond: 10 } });
    expect(await h.limiter.penalize(limited({ retryAfterMs: 5000 }))).to.equal(true);
    const state = await h.limiter.state();
    expect(state.pausedUntil).to.equal(t0 + 5000);
    expect(state.parked).to.equal(false);
    expect(await startOfNextCall(h, 10_000)).to.equal(5000);
    expect((await h.limiter.state()).pausedUntil).to.equal(null);
  });

  it('never shortens a pause in force', async () => {
    h = createHarness({ limits: { perSecond: 10 } });
    await h.limiter.penalize(limited({ retryAfterMs: 8000 }));
    await h.limiter.penalize(limited({ retryAfterMs: 1000 }));
    expect(await startOfNextCall(h, 10_000)).to.equal(8000);
  });

  it('extends a pause that waiters are already sleeping through', async () => {
    h = createHarness({ limits: { perSecond: 10 } });
    await h.limiter.penalize(limited({ retryAfterMs: 1000 }));
    let start: number | undefined;
    void h.limiter.acquire().then(() => (start = h?.elapsed()));
    await h.fake.tickAsync(500);
    await h.limiter.penalize(limited({ retryAfterMs: 3000 }));
    await h.fake.tickAsync(5000);
    expect(start).to.equal(3500);
  });

  it('parks on an exhausted daily quota until UTC midnight, without waking every minute', async () => {
    h = createHarness({ limits: { perMinute: 5, perDay: 500 } });
    await h.limiter.penalize(limited({ quota: 'day' }));
    const state = await h.limiter.state();
    const midnight = Date.UTC(2026, 2, 11);
    expect(state).to.include({ parked: true, pausedUntil: midnight });
    const armedBefore = h.armed();
    expect(await startOfNextCall(h, midnight - t0 - 1)).to.equal(undefined);
    expect((await h.limiter.state()).waiters).to.equal(1);
    await h.fake.tickAsync(1);
    expect((await h.limiter.state()).waiters).to.equal(0);
    expect(h.armed() - armedBefore).to.equal(1);
    expect((await h.limiter.state()).parked).to.equal(false);
  });

  it('tells of a wait of two minutes or more once per armed wait, not of shorter ones', async () => {
    const waits: [number, number][] = [];
    h = createHarness({
      limits: { perMinute: 1 },
      onLongWait: (untilMs, nowMs) => waits.push([untilMs - t0, nowMs - t0]),
    });
    await h.limiter.acquire();
    // A minute's window holds the next call for 60 s: no news.
    const next = h.limiter.acquire();
    await h.fake.tickAsync(60_000);
    await next;
    expect(waits).to.deep.equal([]);

    await h.limiter.penalize(limited({ quota: 'hour', retryAfterMs: 600_000 }));
    const held = h.limiter.acquire();
    await h.fake.tickAsync(0);
    expect(waits).to.deep.equal([[660_000, 60_000]]);
    await h.fake.tickAsync(600_000);
    await held;
  });

  it('parks until the reset the provider reports, when it reports one', async () => {
    h = createHarness({ limits: { perDay: 25 } });
    await h.limiter.penalize(limited({ quota: 'day', retryAfterMs: 3_600_000 }));
    expect(await h.limiter.state()).to.include({ parked: true, pausedUntil: t0 + 3_600_000 });
  });

  it('uses the injected daily reset when the failure gives none', async () => {
    h = createHarness({ limits: { perDay: 25 }, dailyResetInMs: () => 7_200_000 });
    await h.limiter.penalize(limited({ quota: 'day' }));
    expect((await h.limiter.state()).pausedUntil).to.equal(t0 + 7_200_000);
  });

  it('pauses a whole window for a minute or hour quota without Retry-After', async () => {
    h = createHarness({ limits: { perMinute: 5 } });
    await h.limiter.penalize(limited({ quota: 'minute' }));
    expect(await startOfNextCall(h, 120_000)).to.equal(60_000);
    await h.limiter.penalize(limited({ quota: 'hour' }));
    expect((await h.limiter.state()).pausedUntil).to.equal(t0 + 120_000 + 3_600_000);
  });

  it('pauses for the shortest window when a 429 says nothing more', async () => {
    h = createHarness({ limits: { perMinute: 5, perDay: 100 } });
    await h.limiter.penalize(limited());
    expect((await h.limiter.state()).pausedUntil).to.equal(t0 + 60_000);
  });

  it('ignores failures that are not rate limits', async () => {
    h = createHarness({ limits: { perSecond: 1 } });
    const failure: FailureInfo = { kind: 'unavailable', retryable: true, retryAfterMs: 9000 };
    expect(await h.limiter.penalize(failure)).to.equal(false);
    expect((await h.limiter.state()).pausedUntil).to.equal(null);
  });

  it('reports used units, limits and resets per window', async () => {
    h = createHarness({ limits: { perSecond: 2, perMinute: 5 } });
    await h.limiter.acquire();
    await h.fake.tickAsync(400);
    await h.limiter.acquire(1);
    void h.limiter.acquire(2);
    const state = await h.limiter.state();
    expect(state.windows).to.deep.equal([
      { name: 'second', limit: 2, used: 2, resetsInMs: 600 },
      { name: 'minute', limit: 5, used: 2, resetsInMs: 59_600 },
    ]);
    expect(state).to.include({ waiters: 1, pausedUntil: null, parked: false });
    // The cost-2 waiter needs both of the second's units: free once the 400 ms start leaves.
    await h.fake.tickAsync(999);
    expect((await h.limiter.state()).waiters).to.equal(1);
    await h.fake.tickAsync(1);
    expect((await h.limiter.state()).windows[1]).to.include({ used: 4, resetsInMs: 58_600 });
  });
});

describe('resolveRateWindows', () => {
  it('applies overrides, drops windows set to null and orders by length', () => {
    const windows = resolveRateWindows(
      { perDay: 500, perMinute: 5, perSecond: 1 },
      { perMinute: 30, perSecond: null, perHour: 200 },
    );
    expect(windows.map((w) => [w.name, w.limit, w.windowMs])).to.deep.equal([
      ['minute', 30, 60_000],
      ['hour', 200, 3_600_000],
      ['day', 500, 86_400_000],
    ]);
  });

  it('refuses a limit that is not a positive whole number', () => {
    for (const bad of [0, -1, 2.5, Number.NaN]) {
      let caught: unknown;
      try {
        resolveRateWindows({ perMinute: 5 }, { perMinute: bad });
      } catch (error) {
        caught = error;
      }
      expect(isStockpollerError(caught) && caught.code).to.equal('SP_ERR_CONFIG_BAD_VALUE');
    }
  });
});
