import { pino } from 'pino';
import { defaultPipelineRuntime, type PipelineConfig } from '../../../core/config/manifest.js';
import type { Bar, Envelope, Heartbeat, Quote } from '../../../core/contract/types.js';
import { StockpollerError } from '../../../core/errors/index.js';
import type {
  BarRequest,
  DeliveryResult,
  ProviderInstance,
  QuoteOutcome,
  TransportInstance,
} from '../../../core/plugins/types.js';
import type { PollTarget } from '../../../core/runtime/poll-pipeline.js';
import { TransportQueue, type BufferPolicy } from '../../../core/runtime/transport-queue.js';

const silent = pino({ level: 'silent' });

/** A small, quick buffer for tests. */
export const testBufferPolicy: BufferPolicy = {
  capacity: 1000,
  maxBatchMessages: 100,
  maxBatchBytes: 1_000_000,
  maxBatchDelayMs: 1,
  whenFull: 'block',
};

/** Waits until every buffer of the target is empty; returns their counters by label. */
export async function drain(
  target: PollTarget,
): Promise<Record<string, { delivered: number; failed: number }>> {
  const counts: Record<string, { delivered: number; failed: number }> = {};
  for (const [label, queue] of target.transports) {
    await queue.flush();
    const { delivered, failed } = queue.stats();
    counts[label] = { delivered, failed };
  }
  return counts;
}

export const now = Date.parse('2026-03-10T15:00:00.000Z');

/** A valid quote of `symbol` at `now`. */
export function quoteOf(symbol: string, price = 10): Quote {
  return {
    symbol,
    provider: 'fake',
    price,
    open: price,
    high: price,
    low: price,
    close: null,
    previousClose: price,
    change: 0,
    changePercent: 0,
    volume: 100,
    currency: 'USD',
    timestamp: new Date(now).toISOString(),
  };
}

/** A provider answering from a script; records each call's symbols. */
export function scriptedProvider(
  answer: (symbols: readonly string[]) => QuoteOutcome[] | Promise<QuoteOutcome[]>,
  maxSymbolsPerCall = 100,
  bars?: (request: BarRequest) => Bar[],
): ProviderInstance & { calls: string[][] } {
  const calls: string[][] = [];
  return {
    calls,
    capabilities: {
      quote: true,
      maxSymbolsPerCall,
      dailyBars: bars !== undefined,
      intradayIntervals: [],
      rateLimits: {},
    },
    fetchQuotes(symbols) {
      calls.push([...symbols]);
      return Promise.resolve(answer(symbols));
    },
    ...(bars === undefined
      ? {}
      : { fetchBars: (request: BarRequest) => Promise.resolve(bars(request)) }),
  };
}

/**
 * A provider whose quote calls each wait until `release()`, which answers the latest call with
 * a valid quote per symbol.
 */
export function heldProvider(): ProviderInstance & { calls: string[][]; release: () => void } {
  let answerLatest: (() => void) | undefined;
  const provider = scriptedProvider(
    (symbols) =>
      new Promise<QuoteOutcome[]>((resolve) => {
        answerLatest = () => {
          resolve(symbols.map((symbol) => ({ symbol, quote: quoteOf(symbol) })));
        };
      }),
  );
  return Object.assign(provider, { release: () => answerLatest?.() });
}

/** A transport whose every publish waits until `release()`, then delivers. */
export function heldTransport(): TransportInstance & { release: () => void } {
  let release: () => void = () => undefined;
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  return {
    release: () => {
      release();
    },
    async publish(envelopes) {
      await held;
      return envelopes.map((e) => ({ id: e.id, delivered: true as const }));
    },
  };
}

/** What a {@link recordingTransport} was given: market records and heartbeats apart. */
export interface RecordingTransport extends TransportInstance {
  readonly received: Envelope<Quote | Bar>[];
  readonly heartbeats: Envelope<Heartbeat>[];
}

/** A transport keeping what it was given; `fail` makes it report every message failed. */
export function recordingTransport(mode: 'ok' | 'fail' | 'throw' = 'ok'): RecordingTransport {
  const received: Envelope<Quote | Bar>[] = [];
  const heartbeats: Envelope<Heartbeat>[] = [];
  return {
    received,
    heartbeats,
    publish(envelopes): Promise<DeliveryResult[]> {
      if (mode === 'throw') return Promise.reject(new Error('broker gone'));
      for (const envelope of envelopes) {
        if (envelope.schema === 'stockpoller.heartbeat') {
          heartbeats.push(envelope as Envelope<Heartbeat>);
        } else {
          received.push(envelope as Envelope<Quote | Bar>);
        }
      }
      return Promise.resolve(
        envelopes.map((e) =>
          mode === 'ok'
            ? { id: e.id, delivered: true as const }
            : {
                id: e.id,
                delivered: false as const,
                error: new StockpollerError('SP_ERR_TRANSPORT_PUBLISH_FAILED', 'nacked'),
              },
        ),
      );
    },
  };
}

/** A poll target around the given provider and transports. */
export function targetOf(
  provider: ProviderInstance,
  transports: Record<string, TransportInstance>,
  config: Partial<PipelineConfig> = {},
): PollTarget {
  return {
    name: 'main',
    config: {
      enabled: true,
      provider: 'p',
      symbols: ['AAA', 'BBB', 'CCC'],
      every: '1s',
      records: ['quote'],
      barInterval: '1d',
      ...defaultPipelineRuntime,
      transports: Object.keys(transports),
      ...config,
    },
    provider,
    providerName: 'fake',
    concurrency: 4,
    transports: new Map(
      Object.entries(transports).map(([label, transport]) => [
        label,
        new TransportQueue(label, transport, testBufferPolicy, silent),
      ]),
    ),
    log: silent,
    clock: { now: () => now },
  };
}
