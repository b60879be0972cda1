import { pino } from 'pino';
import type { Dispatcher } from 'undici';
import { StockpollerError } from '../../core/errors/index.js';
import type { Clock, PluginContext } from '../../core/plugins/types.js';

/** A clock a test moves by hand. */
export interface SettableClock extends Clock {
  /** Jumps to an instant: epoch milliseconds or an ISO-8601 string with a zone. */
  set(instant: number | string): void;
  /** Moves forward (or back, with a negative value) by `ms`. */
  advance(ms: number): void;
}

/** A plugin context for tests, whose clock can be set. */
export interface TestContext extends PluginContext {
  readonly clock: SettableClock;
}

/** What a test may replace in {@link createTestContext}. */
export type TestContextOverrides = Partial<Omit<PluginContext, 'clock'>> & {
  /** Start time of the settable clock. Default 2026-01-02T15:00:00.000Z (a Friday, 10:00 New York). */
  readonly now?: number | string;
};

const defaultNow = '2026-01-02T15:00:00.000Z';

/** A clock that stays where a test puts it. */
export function createSettableClock(start: number | string = defaultNow): SettableClock {
  let current = toEpochMs(start);
  return {
    now: () => current,
    set(instant) {
      current = toEpochMs(instant);
    },
    advance(ms) {
      current += ms;
    },
  };
}

/**
 * A plugin context for unit tests: a silent pino logger, a settable clock, no cache, and a
 * `secret()` and `http()` that throw, so a plugin that reaches for them unexpectedly fails
 * loudly. Pass overrides to supply any of them.
 */
export function createTestContext(overrides: TestContextOverrides = {}): TestContext {
  const { now, ...rest } = overrides;
  return {
    log: pino({ level: 'silent' }),
    label: 'test',
    clock: createSettableClock(now),
    secret(path: string): Promise<string> {
      return Promise.reject(
        new StockpollerError(
          'SP_ERR_SECRET_NOT_FOUND',
          `no secret store in this test holds "${path}"`,
          'Pass a secret() override to createTestContext().',
        ),
      );
    },
    cache: undefined,
    http(origin: string): Dispatcher {
      throw new Error(`http(${origin}) is not available in this test`);
    },
    ...rest,
  };
}

function toEpochMs(instant: number | string): number {
  const epochMs = typeof instant === 'number' ? instant : Date.parse(instant);
  if (!Number.isFinite(epochMs)) throw new Error(`not an instant: ${String(instant)}`);
  return epochMs;
}
