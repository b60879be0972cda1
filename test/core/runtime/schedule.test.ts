import { expect } from 'chai';
import type { PipelineConfig } from '../../../core/config/manifest.js';
import { createSchedule, type PipelineSchedule } from '../../../core/runtime/schedule.js';

type ScheduleConfig = Pick<PipelineConfig, 'every' | 'jitter' | 'align' | 'cron' | 'timezone'>;

const at = (iso: string): number => Date.parse(iso);
const iso = (epochMs: number): string => new Date(epochMs).toISOString();

function scheduleOf(config: Partial<ScheduleConfig>, random?: () => number): PipelineSchedule {
  return createSchedule({ align: false, timezone: 'UTC', ...config }, random);
}

/** The slots of the first `count` ticks from `fromMs`, each taken when it is due. */
function slotsFrom(schedule: PipelineSchedule, fromMs: number, count: number): string[] {
  const slots: string[] = [];
  let tick = schedule.firstTick(fromMs);
  for (let i = 0; i < count; i++) {
    slots.push(iso(tick.slotMs));
    tick = schedule.tickAfter(tick, tick.dueMs);
  }
  return slots;
}

describe('schedule', () => {
  describe('createSchedule() with every', () => {
    it('ticks at once and then every 15 s when neither every nor cron is set', () => {
      const start = at('2026-03-10T15:00:07.250Z');

      expect(slotsFrom(scheduleOf({}), start, 3)).to.deep.equal([
        '2026-03-10T15:00:07.250Z',
        '2026-03-10T15:00:22.250Z',
        '2026-03-10T15:00:37.250Z',
      ]);
    });

    it('counts the interval from the first tick, not from when a late tick ran', () => {
      const schedule = scheduleOf({ every: '10s' });
      const first = schedule.firstTick(at('2026-03-10T15:00:00.000Z'));

      const second = schedule.tickAfter(first, at('2026-03-10T15:00:00.900Z'));

      expect(iso(second.slotMs)).to.equal('2026-03-10T15:00:10.000Z');
    });

    it('drops the slots that passed while the process could not run', () => {
      const schedule = scheduleOf({ every: '10s' });
      const first = schedule.firstTick(at('2026-03-10T15:00:00.000Z'));

      const next = schedule.tickAfter(first, at('2026-03-10T15:00:35.000Z'));

      expect(iso(next.slotMs)).to.equal('2026-03-10T15:00:40.000Z');
    });

    it('drops the slot that falls on the instant a late tick runs, polling once', () => {
      const schedule = scheduleOf({ every: '10s' });
      const first = schedule.firstTick(at('2026-03-10T15:00:00.000Z'));

      const next = schedule.tickAfter(first, at('2026-03-10T15:00:30.000Z'));

      expect(iso(next.slotMs)).to.equal('2026-03-10T15:00:40.000Z');
    });
  });

  describe('createSchedule() with align', () => {
    it('ticks on the multiples of every since the epoch: second :00 for every: 1m', () => {
      const schedule = scheduleOf({ every: '1m', align: true });

      expect(slotsFrom(schedule, at('2026-03-10T15:00:42.123Z'), 3)).to.deep.equal([
        '2026-03-10T15:01:00.000Z',
        '2026-03-10T15:02:00.000Z',
        '2026-03-10T15:03:00.000Z',
      ]);
    });

    it('ticks at once when started exactly on a multiple', () => {
      const schedule = scheduleOf({ every: '15s', align: true });

      expect(iso(schedule.firstTick(at('2026-03-10T15:00:30.000Z')).slotMs)).to.equal(
        '2026-03-10T15:00:30.000Z',
      );
    });

    it('gives every replica the same slots whenever it started', () => {
      const early = scheduleOf({ every: '5m', align: true });
      const late = scheduleOf({ every: '5m', align: true });

      expect(early.firstTick(at('2026-03-10T15:01:00.000Z')).slotMs).to.equal(
        late.firstTick(at('2026-03-10T15:04:59.999Z')).slotMs,
      );
    });
  });

  describe('createSchedule() with jitter', () => {
    it('delays each tick by random × jitter, from 0 up to the whole jitter', () => {
      const draws = [0, 0.5, 0.999_999];
      const schedule = scheduleOf({ every: '10s', jitter: '2s' }, () => draws.shift() ?? 0);
      const first = schedule.firstTick(at('2026-03-10T15:00:00.000Z'));
      const second = schedule.tickAfter(first, first.dueMs);
      const third = schedule.tickAfter(second, second.dueMs);

      expect([first, second, third].map((t) => t.dueMs - t.slotMs)).to.deep.equal([0, 1000, 2000]);
    });

    it('keeps the slots on the interval whatever the jitter drew', () => {
      const schedule = scheduleOf({ every: '10s', jitter: '3s' }, () => 0.9);

      expect(slotsFrom(schedule, at('2026-03-10T15:00:00.000Z'), 3)).to.deep.equal([
        '2026-03-10T15:00:00.000Z',
        '2026-03-10T15:00:10.000Z',
        '2026-03-10T15:00:20.000Z',
      ]);
    });
  });

  describe('createSchedule() with cron', () => {
    const weekdaySessions = { cron: '*/5 9-16 * * 1-5', timezone: 'America/New_York' };

    it('ticks at the first slot at or after the start', () => {
      const schedule = scheduleOf(weekdaySessions);

      expect(iso(schedule.firstTick(at('2026-03-10T13:30:00.000Z')).slotMs)).to.equal(
        '2026-03-10T13:30:00.000Z',
      );
      expect(iso(schedule.firstTick(at('2026-03-10T13:30:00.001Z')).slotMs)).to.equal(
        '2026-03-10T13:35:00.000Z',
      );
    });

    it('keeps 09:00 New York time across the start of DST on 2026-03-08', () => {
      // Friday 16:55 EST is the last slot of the week; Monday 09:00 is EDT (UTC-4).
      const slots = slotsFrom(scheduleOf(weekdaySessions), at('2026-03-06T21:55:00.000Z'), 3);

      expect(slots).to.deep.equal([
        '2026-03-06T21:55:00.000Z',
        '2026-03-09T13:00:00.000Z',
        '2026-03-09T13:05:00.000Z',
      ]);
    });

    it('keeps 09:00 New York time across the end of DST on 2026-11-01', () => {
      // Friday 16:55 EDT is the last slot of the week; Monday 09:00 is EST (UTC-5).
      const slots = slotsFrom(scheduleOf(weekdaySessions), at('2026-10-30T20:55:00.000Z'), 3);

      expect(slots).to.deep.equal([
        '2026-10-30T20:55:00.000Z',
        '2026-11-02T14:00:00.000Z',
        '2026-11-02T14:05:00.000Z',
      ]);
    });

    it('reads the expression in UTC by default', () => {
      const schedule = scheduleOf({ cron: '0 9 * * *' });

      expect(iso(schedule.firstTick(at('2026-03-10T08:00:00.000Z')).slotMs)).to.equal(
        '2026-03-10T09:00:00.000Z',
      );
    });

    it('accepts six fields with seconds first', () => {
      const schedule = scheduleOf({ cron: '*/20 * * * * *' });

      expect(slotsFrom(schedule, at('2026-03-10T15:00:01.000Z'), 2)).to.deep.equal([
        '2026-03-10T15:00:20.000Z',
        '2026-03-10T15:00:40.000Z',
      ]);
    });

    it('drops the cron slots missed while a tick was late, the one due now included', () => {
      const schedule = scheduleOf({ cron: '*/5 * * * *' });
      const first = schedule.firstTick(at('2026-03-10T15:00:00.000Z'));

      const onSlot = schedule.tickAfter(first, at('2026-03-10T15:20:00.000Z'));
      const between = schedule.tickAfter(first, at('2026-03-10T15:21:00.000Z'));

      expect(iso(onSlot.slotMs)).to.equal('2026-03-10T15:25:00.000Z');
      expect(iso(between.slotMs)).to.equal('2026-03-10T15:25:00.000Z');
    });

    it('refuses an expression the config check would refuse', () => {
      expect(() => scheduleOf({ cron: '61 * * * *' }))
        .to.throw(/invalid value for minute: 61/)
        .with.property('code', 'SP_ERR_CONFIG_BAD_VALUE');
    });
  });
});
