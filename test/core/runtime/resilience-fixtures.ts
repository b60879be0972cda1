import { pino } from 'pino';
import type { Bar } from '../../../core/contract/types.js';
import type { RuntimeEvents, RuntimeEventType } from '../../../core/runtime/events.js';
import type {
  BarRequest,
  Clock,
  ProviderInstance,
  QuoteOutcome,
} from '../../../core/plugins/types.js';
import type { ResilienceOptions } from '../../../core/runtime/resilient-provider.js';

/** An event as a recorder heard it. */
export interface HeardEvent {
  readonly type: RuntimeEventType;
  readonly fields: Readonly<Record<string, unknown>>;
}

/** An event sink that keeps what it is given, in order. */
export function eventRecorder(): Pick<RuntimeEvents, 'emit'> & { heard: HeardEvent[] } {
  const heard: HeardEvent[] = [];
  return {
    heard,
    emit(type, fields) {
      heard.push({ type, fields });
    },
  };
}

/** A clock a test moves by hand. */
export function manualClock(start = 1_000_000): Clock & { advance(ms: number): void } {
  let now = start;
  return {
    now: () => now,
    advance(ms) {
      now += ms;
    },
  };
}

/** A random source answering from a script, then its last value for ever. */
export function scriptedRandom(...values: number[]): () => number {
  let next = 0;
  return () => values[Math.min(next++, values.length - 1)] ?? 0;
}

/** Options of a resilient provider for tests: instant sleeps that are recorded. */
export function resilienceOptions(
  overrides: Partial<ResilienceOptions> = {},
): ResilienceOptions & { slept: number[] } {
  const slept: number[] = [];
  return {
    provider: 'market',
    concurrency: 4,
    retry: { maxAttempts: 3, initialDelayMs: 250, maxDelayMs: 10_000 },
    failureThreshold: 0,
    openForMs: 30_000,
    events: eventRecorder(),
    log: pino({ level: 'silent' }),
    clock: manualClock(),
    random: () => 0.5,
    sleep: (ms) => {
      slept.push(ms);
      return Promise.resolve();
    },
    slept,
    ...overrides,
  };
}

/** Answers of one call of a {@link countingProvider}. */
export type QuoteScript = (symbols: readonly string[], call: number) => Promise<QuoteOutcome[]>;

/**
 * A provider whose quote calls are answered by `quotes` and bar calls by `bars`, counting the
 * calls in flight and the most seen at once.
 */
export function countingProvider(
  quotes: QuoteScript,
  bars?: (request: BarRequest, call: number) => Promise<Bar[]>,
  maxSymbolsPerCall = 10,
): ProviderInstance & { calls: string[][]; inFlight: number; peak: number } {
  const provider = {
    calls: [] as string[][],
    inFlight: 0,
    peak: 0,
    capabilities: {
      quote: true,
      maxSymbolsPerCall,
      dailyBars: bars !== undefined,
      intradayIntervals: [],
      rateLimits: {},
    },
    async fetchQuotes(symbols: readonly string[]): Promise<QuoteOutcome[]> {
      return track(() => quotes(symbols, provider.calls.push([...symbols])));
    },
    ...(bars === undefined
      ? {}
      : {
          fetchBars: (request: BarRequest) =>
            track(() => bars(request, provider.calls.push([request.symbol]))),
        }),
  };
  async function track<T>(work: () => Promise<T>): Promise<T> {
    provider.inFlight += 1;
    provider.peak = Math.max(provider.peak, provider.inFlight);
    try {
      return await work();
    } finally {
      provider.inFlight -= 1;
    }
  }
  return provider;
}
