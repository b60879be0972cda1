import type { PipelineConfig } from '../config/manifest.js';
import { compileCron, type CronTimes } from './cron.js';
import { parseDuration } from './duration.js';

/** How often a pipeline polls when its manifest gives neither `every` nor `cron`. */
export const defaultEvery = '15s';

/** One planned poll: the slot the schedule names and when it is due once jittered. */
export interface Tick {
  /** The instant the schedule names (epoch ms); `Infinity` when there is none. */
  readonly slotMs: number;
  /** `slotMs` plus this tick's random jitter: when the poll starts. */
  readonly dueMs: number;
}

/** A uniform random number in [0, 1), like Math.random. */
export type RandomSource = () => number;

/**
 * When a pipeline polls: the ticks of its `every` (optionally aligned to the clock) or of its
 * `cron`, each delayed by a random amount up to `jitter`. Pure arithmetic on instants: the
 * caller owns the clock and the timers.
 */
export interface PipelineSchedule {
  /**
   * The first tick at or after `fromMs`. A plain `every` ticks at `fromMs` itself and counts
   * its interval from there; `align` and `cron` wait for their next slot.
   */
  firstTick(fromMs: number): Tick;
  /**
   * The tick that follows `tick`, which runs at `nowMs`. When the next slot is not after
   * `nowMs` (the process was suspended or the event loop blocked) the missed slots are dropped,
   * not polled in a burst: the tick after is the first slot after `nowMs`.
   */
  tickAfter(tick: Tick, nowMs: number): Tick;
}

/**
 * The schedule of `config`: `cron` read in `timezone`, else `every` (default 15 s), with
 * `align` and `jitter`. `random` is the jitter's source, replaceable in tests.
 */
export function createSchedule(
  config: Pick<PipelineConfig, 'every' | 'jitter' | 'align' | 'cron' | 'timezone'>,
  random: RandomSource = Math.random,
): PipelineSchedule {
  const jitterMs = config.jitter === undefined ? 0 : parseDuration(config.jitter);
  const slots =
    config.cron === undefined
      ? intervalSlots(parseDuration(config.every ?? defaultEvery), config.align)
      : cronSlots(compileCron(config.cron, config.timezone));
  // Whole milliseconds from 0 to jitterMs, both included, all equally likely.
  const tickAt = (slotMs: number): Tick => ({
    slotMs,
    dueMs: slotMs + Math.floor(random() * (jitterMs + 1)),
  });

  return {
    firstTick(fromMs) {
      return tickAt(slots.first(fromMs));
    },
    tickAfter(tick, nowMs) {
      const next = slots.after(tick.slotMs);
      // A slot that came while this tick was late is dropped, the one at `nowMs` too: this
      // tick runs now, and a second one a millisecond later would be the burst we avoid.
      return tickAt(next <= nowMs ? slots.after(nowMs) : next);
    },
  };
}

/** The slots of one kind of schedule. */
interface Slots {
  first(fromMs: number): number;
  /** The first slot strictly after `epochMs`. */
  after(epochMs: number): number;
}

function intervalSlots(everyMs: number, align: boolean): Slots {
  // Aligned slots are multiples of the interval since the epoch; plain ones count from the
  // first tick, which the schedule only learns in first().
  let anchorMs = 0;
  const atOrAfter = (epochMs: number): number =>
    anchorMs + Math.ceil((epochMs - anchorMs) / everyMs) * everyMs;
  return {
    first(fromMs) {
      if (!align) anchorMs = fromMs;
      return atOrAfter(fromMs);
    },
    after: (epochMs) => atOrAfter(epochMs + 1),
  };
}

function cronSlots(cron: CronTimes): Slots {
  const after = (epochMs: number): number => cron.nextAfter(epochMs) ?? Number.POSITIVE_INFINITY;
  // croner works in whole seconds: the slot after the millisecond before is the first slot at
  // or after the instant itself.
  const atOrAfter = (epochMs: number): number => after(epochMs - 1);
  return { first: atOrAfter, after };
}
