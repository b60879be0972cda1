import type { MarketHoursConfig, PipelineConfig } from '../config/manifest.js';
import type { Clock } from '../plugins/types.js';
import { parseDuration } from './duration.js';
import type { MarketPhase } from './market-calendar.js';
import { marketWindowAt, type MarketWindow } from './market-hours.js';
import { createSchedule, type PipelineSchedule, type RandomSource, type Tick } from './schedule.js';
import { maxTimerDelayMs } from './timer-scheduler.js';

/** A market-hours pipeline's market while it does not poll. */
export interface ClosedMarket {
  readonly exchange: MarketHoursConfig['exchange'];
  /** `closed`, or a session the pipeline does not poll in. */
  readonly phase: MarketPhase;
  /** When the next session the pipeline polls in opens (epoch ms). */
  readonly nextOpenMs: number;
}

/** A market-hours pipeline's market as it opens. */
export interface OpenedMarket {
  readonly exchange: MarketHoursConfig['exchange'];
  /** The session that just opened. */
  readonly session: MarketPhase;
}

/** What a {@link PipelineTicker} asks its owner to do; none of them may throw. */
export interface TickerHooks {
  /** A tick is due and the market, if the pipeline follows one, is open: poll. */
  tick(): void;
  /** The market is closed and `whenClosed` is `heartbeat`: publish one. */
  heartbeat(market: ClosedMarket): void;
  /** Polling stops for the market (also when the ticker starts while it is closed). */
  marketClosed(market: ClosedMarket): void;
  /** Polling resumes because a selected session opened. */
  marketOpened(market: OpenedMarket): void;
}

// A single setTimeout caps at about 24.8 days; longer sleeps are taken in chunks.
const maxSleepChunkMs = maxTimerDelayMs;

/**
 * Drives one pipeline's timer: wakes for each tick of its schedule and, with `marketHours`,
 * polls only while a selected session is open. While closed it sleeps until the next opening
 * (`sleep`) or wakes only to publish heartbeats (`heartbeat`), and restarts the schedule at the
 * opening. It only decides when; its hooks do the work. Reads time from the injected clock and
 * sleeps with setTimeout, so fake timers drive it in tests.
 */
export class PipelineTicker {
  private readonly schedule: PipelineSchedule;
  private readonly heartbeatEveryMs: number;
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private next: Tick | undefined;
  private marketOpen: boolean | undefined;
  private nextHeartbeatMs = 0;

  constructor(
    private readonly config: PipelineConfig,
    private readonly clock: Clock,
    private readonly hooks: TickerHooks,
    random?: RandomSource,
  ) {
    this.schedule = createSchedule(config, random);
    const heartbeatEvery = config.marketHours?.heartbeatEvery;
    this.heartbeatEveryMs = heartbeatEvery === undefined ? 0 : parseDuration(heartbeatEvery);
  }

  /** Starts ticking: a plain `every` (market open) ticks at once. Calling it twice is a no-op. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.wake();
  }

  /** Stops ticking; no hook is called afterwards. Idempotent. */
  stop(): void {
    this.running = false;
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private wake(): void {
    if (!this.running) return;
    const nowMs = this.clock.now();
    let closesAt = Number.POSITIVE_INFINITY;

    const market = this.config.marketHours;
    if (market !== undefined) {
      const window = marketWindowAt(market, nowMs);
      if (!window.open) {
        this.whileClosed(market, window, nowMs);
        return;
      }
      if (this.marketOpen !== true) {
        // The schedule starts afresh at each opening, as it does at start().
        this.next = undefined;
        if (this.marketOpen === false) {
          this.hooks.marketOpened({ exchange: market.exchange, session: window.phase });
        }
        this.marketOpen = true;
      }
      closesAt = window.closesAt;
    }

    this.next ??= this.schedule.firstTick(nowMs);
    if (nowMs >= this.next.dueMs) {
      this.hooks.tick();
      this.next = this.schedule.tickAfter(this.next, nowMs);
    }
    // Wake at the close too, so that the transition and the first heartbeat are on time even
    // when the next tick is hours away.
    this.sleepUntil(Math.min(this.next.dueMs, closesAt));
  }

  private whileClosed(
    market: MarketHoursConfig,
    window: Extract<MarketWindow, { open: false }>,
    nowMs: number,
  ): void {
    const closed = { exchange: market.exchange, phase: window.phase, nextOpenMs: window.opensAt };
    if (this.marketOpen !== false) {
      this.marketOpen = false;
      this.next = undefined;
      this.nextHeartbeatMs = nowMs;
      this.hooks.marketClosed(closed);
    }

    let wakeAt = window.opensAt;
    if (market.whenClosed === 'heartbeat') {
      if (nowMs >= this.nextHeartbeatMs) {
        this.hooks.heartbeat(closed);
        this.nextHeartbeatMs = this.heartbeatAfter(nowMs);
      }
      wakeAt = Math.min(wakeAt, this.nextHeartbeatMs);
    }
    this.sleepUntil(wakeAt);
  }

  /**
   * The first heartbeat slot after `nowMs`. Slots are `heartbeatEvery` apart from the close, so
   * a late heartbeat does not shift the ones after it, and the slots missed while the process
   * was suspended are dropped, as missed ticks are: one heartbeat, then the cadence again.
   */
  private heartbeatAfter(nowMs: number): number {
    const missed = Math.floor((nowMs - this.nextHeartbeatMs) / this.heartbeatEveryMs);
    return this.nextHeartbeatMs + (missed + 1) * this.heartbeatEveryMs;
  }

  /** Arms the timer for `dueMs`, in chunks setTimeout accepts; `Infinity` never wakes. */
  private sleepUntil(dueMs: number): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.running || dueMs === Number.POSITIVE_INFINITY) return;

    const delayMs = Math.max(0, dueMs - this.clock.now());
    this.timer = setTimeout(
      () => {
        // A chunk of a long sleep ended, or the timer fired a hair early: sleep on.
        if (this.clock.now() < dueMs) this.sleepUntil(dueMs);
        else this.wake();
      },
      Math.min(delayMs, maxSleepChunkMs),
    );
  }
}
