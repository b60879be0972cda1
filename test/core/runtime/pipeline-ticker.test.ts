import { expect } from 'chai';
import sinon from 'sinon';
import type { MarketHoursConfig } from '../../../core/config/manifest.js';
import { maxTimerDelayMs } from '../../../core/runtime/timer-scheduler.js';
import { FakeClockTicker, marketHours, pipeline } from './ticker-fixtures.js';

describe('PipelineTicker', () => {
  const fake = new FakeClockTicker();
  const startAt = fake.startAt.bind(fake);
  const runUntil = fake.runUntil.bind(fake);

  afterEach(() => {
    fake.stop();
    sinon.restore();
  });

  describe('start()', () => {
    it('ticks at once and then on each interval without market hours', async () => {
      const hooks = startAt('2026-11-26T15:00:00.000Z', pipeline({ every: '10s' }));
      await runUntil('2026-11-26T15:00:25.000Z');

      expect(hooks.ticks()).to.deep.equal([
        '2026-11-26T15:00:00.000Z',
        '2026-11-26T15:00:10.000Z',
        '2026-11-26T15:00:20.000Z',
      ]);
    });

    it('is a no-op when called twice', async () => {
      const hooks = startAt('2026-11-26T15:00:00.000Z', pipeline({ every: '10s' }));
      fake.ticker?.start();
      await runUntil('2026-11-26T15:00:05.000Z');

      expect(hooks.ticks()).to.have.length(1);
    });

    it('follows a cron in New York time across the start of DST', async () => {
      const config = pipeline({ cron: '*/5 9-16 * * 1-5', timezone: 'America/New_York' });
      const hooks = startAt('2026-03-06T21:50:00.000Z', config);
      await runUntil('2026-03-09T13:05:00.000Z');

      expect(hooks.ticks()).to.deep.equal([
        '2026-03-06T21:50:00.000Z',
        '2026-03-06T21:55:00.000Z',
        '2026-03-09T13:00:00.000Z',
        '2026-03-09T13:05:00.000Z',
      ]);
    });

    it('polls once after the clock jumps past missed ticks, then keeps the cadence', async () => {
      const hooks = startAt('2026-11-26T15:00:00.000Z', pipeline({ every: '1m' }));
      await runUntil('2026-11-26T15:02:00.000Z');
      // A suspended laptop: ten minutes pass and the timer fires once, late.
      fake.fakeTimers.jump(10 * 60_000);
      await runUntil('2026-11-26T15:14:30.000Z');

      expect(hooks.ticks()).to.deep.equal([
        '2026-11-26T15:00:00.000Z',
        '2026-11-26T15:01:00.000Z',
        '2026-11-26T15:02:00.000Z',
        '2026-11-26T15:12:00.000Z',
        '2026-11-26T15:13:00.000Z',
        '2026-11-26T15:14:00.000Z',
      ]);
    });

    it('sleeps longer than setTimeout allows in chunks, and wakes on time', async () => {
      const hooks = startAt('2026-02-01T00:00:00.000Z', pipeline({ cron: '0 0 1 1 *' }));
      const armed = sinon.spy(globalThis, 'setTimeout');
      await runUntil('2027-01-01T00:00:00.000Z');

      expect(hooks.ticks()).to.deep.equal(['2027-01-01T00:00:00.000Z']);
      const delays = armed.getCalls().map((call) => Number(call.args[1]));
      expect(Math.max(...delays)).to.equal(maxTimerDelayMs);
    });
  });

  describe('start() with marketHours and whenClosed: sleep', () => {
    it('sleeps through Thanksgiving without waking, then polls from 09:30', async () => {
      const config = pipeline({ every: '30s', marketHours: marketHours() });
      const hooks = startAt('2026-11-25T20:59:00.000Z', config);
      await runUntil('2026-11-25T21:00:00.000Z');
      const armed = sinon.spy(globalThis, 'setTimeout');
      await runUntil('2026-11-27T14:31:00.000Z');

      expect(hooks.calls).to.deep.equal([
        '2026-11-25T20:59:00.000Z tick',
        '2026-11-25T20:59:30.000Z tick',
        '2026-11-25T21:00:00.000Z closed XNYS post next 2026-11-27T14:30:00.000Z',
        '2026-11-27T14:30:00.000Z opened XNYS regular',
        '2026-11-27T14:30:00.000Z tick',
        '2026-11-27T14:30:30.000Z tick',
        '2026-11-27T14:31:00.000Z tick',
      ]);
      // Not one timer while closed: only the three ticks after the opening armed one.
      expect(armed.callCount).to.equal(3);
    });

    it('wakes at the 13:00 early close even when the next tick is later', async () => {
      const config = pipeline({ every: '1h', align: true, marketHours: marketHours() });
      const hooks = startAt('2026-11-27T16:30:00.000Z', config);
      await runUntil('2026-11-27T18:30:00.000Z');

      expect(hooks.calls).to.deep.equal([
        '2026-11-27T17:00:00.000Z tick',
        '2026-11-27T18:00:00.000Z closed XNYS post next 2026-11-30T14:30:00.000Z',
      ]);
    });

    it('never polls a tick whose jitter carries it past the close', async () => {
      const config = pipeline({ every: '1m', jitter: '50s', marketHours: marketHours() });
      const hooks = startAt('2026-11-25T20:58:00.000Z', config, () => 0.9);
      await runUntil('2026-11-25T21:05:00.000Z');

      expect(hooks.calls).to.deep.equal([
        '2026-11-25T20:58:45.000Z tick',
        '2026-11-25T20:59:45.000Z tick',
        '2026-11-25T21:00:00.000Z closed XNYS post next 2026-11-27T14:30:00.000Z',
      ]);
    });

    it('polls in pre and post but not in between when regular is left out', async () => {
      const sessions: MarketHoursConfig['sessions'] = ['pre', 'post'];
      const config = pipeline({ cron: '0 * * * *', marketHours: marketHours({ sessions }) });
      const hooks = startAt('2026-11-25T13:30:00.000Z', config);
      await runUntil('2026-11-25T22:00:00.000Z');

      expect(hooks.calls).to.deep.equal([
        '2026-11-25T14:00:00.000Z tick',
        '2026-11-25T14:30:00.000Z closed XNYS regular next 2026-11-25T21:00:00.000Z',
        '2026-11-25T21:00:00.000Z opened XNYS post',
        '2026-11-25T21:00:00.000Z tick',
        '2026-11-25T22:00:00.000Z tick',
      ]);
    });
  });

  describe('start() with marketHours and whenClosed: heartbeat', () => {
    it('sends a heartbeat every heartbeatEvery on Thanksgiving and never ticks', async () => {
      const hours = marketHours({ whenClosed: 'heartbeat', heartbeatEvery: '1m' });
      const hooks = startAt('2026-11-26T15:00:00.000Z', pipeline({ marketHours: hours }));
      await runUntil('2026-11-26T15:02:30.000Z');

      const next = 'next 2026-11-27T14:30:00.000Z';
      expect(hooks.calls).to.deep.equal([
        `2026-11-26T15:00:00.000Z closed XNYS closed ${next}`,
        `2026-11-26T15:00:00.000Z heartbeat XNYS closed ${next}`,
        `2026-11-26T15:01:00.000Z heartbeat XNYS closed ${next}`,
        `2026-11-26T15:02:00.000Z heartbeat XNYS closed ${next}`,
      ]);
    });

    it('sends one heartbeat after the clock jumps past missed ones, then keeps the cadence', async () => {
      const hours = marketHours({ whenClosed: 'heartbeat', heartbeatEvery: '1m' });
      const hooks = startAt('2026-11-26T15:00:00.000Z', pipeline({ marketHours: hours }));
      await runUntil('2026-11-26T15:02:00.000Z');
      // A suspended laptop: ten minutes pass and the timer fires once, late.
      fake.fakeTimers.jump(10 * 60_000);
      await runUntil('2026-11-26T15:14:30.000Z');

      expect(
        hooks.calls.filter((c) => c.includes(' heartbeat ')).map((c) => c.slice(0, 24)),
      ).to.deep.equal([
        '2026-11-26T15:00:00.000Z',
        '2026-11-26T15:01:00.000Z',
        '2026-11-26T15:02:00.000Z',
        '2026-11-26T15:12:00.000Z',
        '2026-11-26T15:13:00.000Z',
        '2026-11-26T15:14:00.000Z',
      ]);
    });

    it('keeps the heartbeat cadence when a timer fires a few milliseconds late', async () => {
      const hours = marketHours({ whenClosed: 'heartbeat', heartbeatEvery: '1m' });
      const hooks = startAt('2026-11-26T15:00:00.000Z', pipeline({ marketHours: hours }));
      await runUntil('2026-11-26T15:00:59.000Z');
      // The event loop was busy for 1.5 s: the 15:01 heartbeat goes out at 15:01:00.500.
      fake.fakeTimers.jump(1_500);
      await runUntil('2026-11-26T15:02:30.000Z');

      expect(
        hooks.calls.filter((c) => c.includes(' heartbeat ')).map((c) => c.slice(0, 24)),
      ).to.deep.equal([
        '2026-11-26T15:00:00.000Z',
        '2026-11-26T15:01:00.500Z',
        '2026-11-26T15:02:00.000Z',
      ]);
    });

    it('reports the pre phase in heartbeats and resumes polling at the opening', async () => {
      const hours = marketHours({ whenClosed: 'heartbeat', heartbeatEvery: '20m' });
      const config = pipeline({ every: '15m', marketHours: hours });
      const hooks = startAt('2026-11-27T14:00:00.000Z', config);
      await runUntil('2026-11-27T14:45:00.000Z');

      const next = 'next 2026-11-27T14:30:00.000Z';
      expect(hooks.calls).to.deep.equal([
        `2026-11-27T14:00:00.000Z closed XNYS pre ${next}`,
        `2026-11-27T14:00:00.000Z heartbeat XNYS pre ${next}`,
        `2026-11-27T14:20:00.000Z heartbeat XNYS pre ${next}`,
        '2026-11-27T14:30:00.000Z opened XNYS regular',
        '2026-11-27T14:30:00.000Z tick',
        '2026-11-27T14:45:00.000Z tick',
      ]);
    });
  });

  describe('stop()', () => {
    it('calls no hook afterwards and may be called twice', async () => {
      const hooks = startAt('2026-11-26T15:00:00.000Z', pipeline({ every: '10s' }));
      fake.ticker?.stop();
      fake.ticker?.stop();
      await runUntil('2026-11-26T15:01:00.000Z');

      expect(hooks.ticks()).to.deep.equal(['2026-11-26T15:00:00.000Z']);
      expect(fake.fakeTimers.countTimers()).to.equal(0);
    });
  });
});
