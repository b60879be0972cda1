import sinon from 'sinon';
import {
  defaultPipelineRuntime,
  type MarketHoursConfig,
  type PipelineConfig,
} from '../../../core/config/manifest.js';
import { PipelineTicker, type TickerHooks } from '../../../core/runtime/pipeline-ticker.js';

export const iso = (epochMs: number): string => new Date(epochMs).toISOString();
export const clock = { now: () => Date.now() };

/** Every hook call, as `<ISO time> <what>`, in order. */
export function recordingHooks(): TickerHooks & { calls: string[]; ticks: () => string[] } {
  const calls: string[] = [];
  const log = (what: string): void => {
    calls.push(`${iso(Date.now())} ${what}`);
  };
  return {
    calls,
    ticks: () => calls.filter((c) => c.endsWith(' tick')).map((c) => c.slice(0, 24)),
    tick: () => {
      log('tick');
    },
    heartbeat: (m) => {
      log(`heartbeat ${m.exchange} ${m.phase} next ${iso(m.nextOpenMs)}`);
    },
    marketClosed: (m) => {
      log(`closed ${m.exchange} ${m.phase} next ${iso(m.nextOpenMs)}`);
    },
    marketOpened: (m) => {
      log(`opened ${m.exchange} ${m.session}`);
    },
  };
}

export function pipeline(overrides: Partial<PipelineConfig>): PipelineConfig {
  return {
    enabled: true,
    provider: 'market',
    symbols: ['AAA'],
    records: ['quote'],
    barInterval: '1d',
    transports: ['bus'],
    ...defaultPipelineRuntime,
    ...overrides,
  };
}

export function marketHours(overrides: Partial<MarketHoursConfig> = {}): MarketHoursConfig {
  return {
    exchange: 'XNYS',
    sessions: ['regular'],
    whenClosed: 'sleep',
    heartbeatEvery: '1m',
    ...overrides,
  };
}

/** A ticker on fake timers: start it at an instant, run the clock, read what it did. */
export class FakeClockTicker {
  private timers: sinon.SinonFakeTimers | undefined;
  /** The ticker startAt() started, until stop(). */
  ticker: PipelineTicker | undefined;

  /** Installs fake timers at `instant` and starts a ticker for `config`; returns its hooks. */
  startAt(instant: string, config: PipelineConfig, random?: () => number) {
    this.timers = sinon.useFakeTimers({
      now: Date.parse(instant),
      toFake: ['setTimeout', 'clearTimeout', 'Date'],
    });
    const hooks = recordingHooks();
    this.ticker = new PipelineTicker(config, clock, hooks, random);
    this.ticker.start();
    return hooks;
  }

  /** Runs the fake clock up to `instant`, firing every timer due until then. */
  async runUntil(instant: string): Promise<void> {
    await this.fakeTimers.tickAsync(Date.parse(instant) - Date.now());
  }

  /** The installed fake timers. */
  get fakeTimers(): sinon.SinonFakeTimers {
    if (this.timers === undefined) throw new Error('startAt() was not called');
    return this.timers;
  }

  /** Stops the ticker; call before sinon.restore(). */
  stop(): void {
    this.ticker?.stop();
    this.ticker = undefined;
  }
}
