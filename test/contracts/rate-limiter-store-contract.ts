import { expect } from 'chai';
import type { RateLimiterStore } from '../../core/runtime/rate-limiter-store.js';
import type { RateWindow } from '../../core/runtime/rate-windows.js';

/** 2026-03-10T15:00:00Z: stores are driven by the caller's clock in this suite. */
const t0 = Date.UTC(2026, 2, 10, 15);

const second = (limit: number): RateWindow => ({ name: 'second', limit, windowMs: 1000 });
const minute = (limit: number): RateWindow => ({ name: 'minute', limit, windowMs: 60_000 });

/**
 * The semantics every {@link RateLimiterStore} shares, run against each store: exact sliding
 * windows, costs, pauses that never shorten, parking, and snapshots. `open` returns a fresh,
 * empty store timed by the `nowMs` it is given; `close` releases it.
 */
export function describeRateLimiterStoreContract(
  name: string,
  open: () => Promise<RateLimiterStore>,
  close: (store: RateLimiterStore) => Promise<void> = () => Promise.resolve(),
): void {
  describe(`${name} (store contract)`, () => {
    let store: RateLimiterStore;
    beforeEach(async () => {
      store = await open();
    });
    afterEach(async () => {
      await close(store);
    });

    describe('reserve()', () => {
      it('grants until a window is full, then names the instant its oldest start leaves', async () => {
        const windows = [second(2), minute(5)];
        expect(await store.reserve(windows, 1, t0)).to.deep.equal({ granted: true });
        expect(await store.reserve(windows, 1, t0 + 100)).to.deep.equal({ granted: true });
        const refused = { granted: false, retryAtMs: t0 + 1000 };
        expect(await store.reserve(windows, 1, t0 + 200)).to.deep.equal(refused);
        expect(await store.reserve(windows, 1, t0 + 999)).to.deep.equal(refused);
        expect(await store.reserve(windows, 1, t0 + 1000)).to.deep.equal({ granted: true });
        expect(await store.reserve(windows, 1, t0 + 1100)).to.deep.equal({ granted: true });
        expect(await store.reserve(windows, 1, t0 + 2000)).to.deep.equal({ granted: true });
        // The second has room again; the minute holds five starts until t0 + 60 s.
        expect(await store.reserve(windows, 1, t0 + 3000)).to.deep.equal({
          granted: false,
          retryAtMs: t0 + 60_000,
        });
      });

      it('counts a cost in every window and waits for enough of the oldest starts to leave', async () => {
        const windows = [second(5)];
        for (const [cost, at] of [
          [2, 0],
          [2, 100],
          [1, 200],
        ] as const) {
          expect(await store.reserve(windows, cost, t0 + at)).to.deep.equal({ granted: true });
        }
        // Three units must leave: the 2 started at t0 and the 2 started at t0 + 100.
        expect(await store.reserve(windows, 3, t0 + 300)).to.deep.equal({
          granted: false,
          retryAtMs: t0 + 1100,
        });
        expect(await store.reserve(windows, 3, t0 + 1100)).to.deep.equal({ granted: true });
      });

      it('walks as far back in a long log as a large cost needs', async () => {
        const windows = [minute(40)];
        for (let i = 0; i < 40; i++) await store.reserve(windows, 1, t0 + i * 10);
        // 35 units must leave: the 35th oldest start, at t0 + 340, leaves at t0 + 60 340.
        expect(await store.reserve(windows, 35, t0 + 1000)).to.deep.equal({
          granted: false,
          retryAtMs: t0 + 60_340,
        });
      });

      it('records nothing when it refuses', async () => {
        const windows = [second(1), minute(10)];
        await store.reserve(windows, 1, t0);
        for (let i = 1; i <= 5; i++) await store.reserve(windows, 1, t0 + i * 100);
        const snapshot = await store.snapshot(windows, t0 + 600);
        expect(snapshot.windows.map((w) => w.used)).to.deep.equal([1, 1]);
      });

      it('keeps one log per window, so a window added later starts empty', async () => {
        expect(await store.reserve([second(1)], 1, t0)).to.deep.equal({ granted: true });
        // A minute window starts empty even though the second's log is full.
        expect(await store.reserve([minute(1)], 1, t0 + 10)).to.deep.equal({ granted: true });
        expect(await store.reserve([minute(1)], 1, t0 + 20)).to.include({ granted: false });
      });
    });

    describe('pause()', () => {
      it('refuses every start until a pause ends, and never shortens it', async () => {
        const windows = [second(10)];
        await store.pause(t0 + 5000, false, t0);
        expect(await store.reserve(windows, 1, t0 + 10)).to.deep.equal({
          granted: false,
          retryAtMs: t0 + 5000,
        });
        await store.pause(t0 + 1000, false, t0 + 20);
        expect(await store.reserve(windows, 1, t0 + 4999)).to.deep.equal({
          granted: false,
          retryAtMs: t0 + 5000,
        });
        expect(await store.reserve(windows, 1, t0 + 5000)).to.deep.equal({ granted: true });
      });

      it('parks for a daily quota; an equal pause can park it, a longer ordinary one unparks', async () => {
        const windows = [minute(5)];
        await store.pause(t0 + 2000, false, t0);
        expect(await store.snapshot(windows, t0)).to.include({
          pausedUntil: t0 + 2000,
          parked: false,
        });
        await store.pause(t0 + 2000, true, t0 + 10);
        expect(await store.snapshot(windows, t0 + 10)).to.include({ parked: true });
        await store.pause(t0 + 2000, false, t0 + 20);
        expect(await store.snapshot(windows, t0 + 20)).to.include({ parked: true });
        await store.pause(t0 + 4000, false, t0 + 30);
        expect(await store.snapshot(windows, t0 + 30)).to.include({
          pausedUntil: t0 + 4000,
          parked: false,
        });
        expect(await store.snapshot(windows, t0 + 4000)).to.include({
          pausedUntil: null,
          parked: false,
        });
      });
    });

    describe('snapshot()', () => {
      it('reports used units, limits and when the oldest start leaves, per window', async () => {
        const windows = [second(2), minute(5)];
        await store.reserve(windows, 1, t0);
        await store.reserve(windows, 1, t0 + 400);
        expect(await store.snapshot(windows, t0 + 500)).to.deep.equal({
          windows: [
            { name: 'second', limit: 2, used: 2, resetsInMs: 500 },
            { name: 'minute', limit: 5, used: 2, resetsInMs: 59_500 },
          ],
          pausedUntil: null,
          parked: false,
        });
        const later = await store.snapshot(windows, t0 + 1200);
        expect(later.windows[0]).to.deep.equal({
          name: 'second',
          limit: 2,
          used: 1,
          resetsInMs: 200,
        });
        const empty = await store.snapshot(windows, t0 + 61_000);
        expect(empty.windows.map((w) => [w.used, w.resetsInMs])).to.deep.equal([
          [0, 0],
          [0, 0],
        ]);
      });
    });
  });
}
