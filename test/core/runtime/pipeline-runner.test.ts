import { expect } from 'chai';
import { pino } from 'pino';
import sinon from 'sinon';
import {
  defaultBufferConfig,
  defaultPipelineRuntime,
  defaultProviderRuntime,
  type Manifest,
  type PipelineConfig,
  type ProviderInstanceConfig,
} from '../../../core/config/manifest.js';
import { createHeartbeatEnvelope } from '../../../core/contract/heartbeat.js';
import { validateEnvelope } from '../../../core/contract/validate.js';
import type { Kernel } from '../../../core/kernel/kernel.js';
import type {
  DeliveryResult,
  KernelEvent,
  ProviderInstance,
  QuoteOutcome,
  TransportInstance,
} from '../../../core/plugins/types.js';
import { createEnvelope } from '../../../core/contract/envelope.js';
import { RuntimeEvents } from '../../../core/runtime/events.js';
import { PipelineRunner } from '../../../core/runtime/pipeline-runner.js';
import { now, quoteOf, recordingTransport, scriptedProvider } from './runtime-fixtures.js';
import { recordLogs } from '../../helpers/logs.js';

function pipeline(overrides: Partial<PipelineConfig> = {}): PipelineConfig {
  return {
    enabled: true,
    provider: 'market',
    symbols: ['AAA'],
    every: '10s',
    records: ['quote'],
    barInterval: '1d',
    ...defaultPipelineRuntime,
    transports: ['bus'],
    ...overrides,
  };
}

const silent = pino({ level: 'silent' });
// Reads the faked Date.now once a test installs fake timers.
const clock = { now: () => Date.now() };

function runnerOf(
  pipelines: Record<string, PipelineConfig>,
  provider: ProviderInstance,
  transport: TransportInstance,
  providerConfig: Partial<ProviderInstanceConfig> = {},
  events = new RuntimeEvents(clock, silent),
  log = silent,
  buffer: Partial<typeof defaultBufferConfig> = {},
): PipelineRunner {
  const manifest = {
    version: 1,
    logLevel: 'silent',
    plugins: [],
    secretStores: {},
    caches: {},
    notifiers: {},
    providers: {
      market: { use: 'fake', options: {}, ...defaultProviderRuntime, ...providerConfig },
    },
    transports: {
      bus: {
        use: 'fake',
        options: {},
        buffer: { ...defaultBufferConfig, maxBatchDelay: '1ms', ...buffer },
      },
    },
    pipelines,
  } satisfies Manifest;
  const kernel = {
    instance: (kind: string) => (kind === 'provider' ? provider : transport),
    rateGate: () => undefined,
    cache: () => undefined,
    events,
  } as unknown as Kernel;
  return new PipelineRunner(kernel, manifest, log, clock);
}

const answer = (symbols: readonly string[]): QuoteOutcome[] =>
  symbols.map((s) => ({ symbol: s, quote: quoteOf(s) }));

describe('PipelineRunner', () => {
  afterEach(() => {
    sinon.restore();
  });

  describe('runOnce()', () => {
    it('polls every enabled pipeline once and skips disabled ones', async () => {
      const provider = scriptedProvider(answer);
      const runner = runnerOf(
        {
          a: pipeline({ symbols: ['AAA'] }),
          b: pipeline({ symbols: ['BBB'] }),
          off: pipeline({ enabled: false, symbols: ['OFF'] }),
        },
        provider,
        recordingTransport(),
      );
      const results = await runner.runOnce();

      expect([...results.keys()]).to.deep.equal(['a', 'b']);
      expect(provider.calls.flat().sort()).to.deep.equal(['AAA', 'BBB']);
    });

    it("shares the provider's concurrency out among the pipelines polling it", async () => {
      // Two pipelines of 8 one-symbol calls on a provider of concurrency 4, into a buffer of 1
      // whose transport holds its first publish: 2 calls in progress per pipeline, not 4.
      const provider = scriptedProvider(answer, 1);
      let releasePublish: (() => void) | undefined;
      const held = new Promise<void>((resolve) => {
        releasePublish = resolve;
      });
      const transport = {
        async publish(envelopes: readonly { id: string }[]): Promise<DeliveryResult[]> {
          await held;
          return envelopes.map((e) => ({ id: e.id, delivered: true as const }));
        },
      };
      const symbolsOf = (prefix: string) => Array.from({ length: 8 }, (_, i) => `${prefix}${i}`);
      const runner = runnerOf(
        { a: pipeline({ symbols: symbolsOf('A') }), b: pipeline({ symbols: symbolsOf('B') }) },
        provider,
        transport,
        { concurrency: 4 },
        undefined,
        silent,
        { capacity: 1, maxBatchMessages: 1 },
      );

      const polled = runner.runOnce();
      await new Promise((resolve) => setTimeout(resolve, 20));
      const askedWhileHeld = provider.calls.length;
      releasePublish?.();
      await polled;

      // One record published, one buffered, and each pipeline's two workers waiting for room.
      expect(askedWhileHeld).to.equal(6);
      expect(provider.calls).to.have.length(16);
    });

    it('raises no listener warning when many calls wait for the concurrency bound', async () => {
      const warnings: Error[] = [];
      const onWarning = (warning: Error): void => {
        warnings.push(warning);
      };
      process.on('warning', onWarning);
      // 30 one-symbol calls, one at a time: 29 wait on the runner's signal together.
      const symbols = Array.from({ length: 30 }, (_, i) => `S${String(i)}`);
      const provider = scriptedProvider(answer, 1);
      const runner = runnerOf({ a: pipeline({ symbols }) }, provider, recordingTransport(), {
        concurrency: 1,
      });
      try {
        await runner.runOnce();
        // Warnings are emitted on the next tick.
        await new Promise((resolve) => setImmediate(resolve));
      } finally {
        process.off('warning', onWarning);
      }

      expect(provider.calls).to.have.length(30);
      expect(warnings.map((w) => w.name)).to.not.include('MaxListenersExceededWarning');
    });
  });

  describe('runOnce() with result caching', () => {
    it('makes one call per symbol per TTL for two pipelines sharing a provider', async () => {
      const clock = sinon.useFakeTimers({ now, toFake: ['Date'] });
      const provider = scriptedProvider(answer);
      const pipelines = {
        a: pipeline({ symbols: ['AAA', 'BBB'] }),
        b: pipeline({ symbols: ['BBB', 'CCC'] }),
      };
      const runner = runnerOf(pipelines, provider, recordingTransport(), { cacheTtlSeconds: 5 });

      const first = await runner.runOnce();
      expect(provider.calls.flat().sort()).to.deep.equal(['AAA', 'BBB', 'CCC']);
      expect(first.get('b')).to.include({ records: 2, failedSymbols: 0 });
      clock.tick(4_000);
      await runner.runOnce();
      expect(provider.calls.flat()).to.have.length(3);

      clock.tick(1_001);
      await runner.runOnce();
      expect(provider.calls.flat().sort()).to.deep.equal([
        'AAA',
        'AAA',
        'BBB',
        'BBB',
        'CCC',
        'CCC',
      ]);
    });

    it('asks the provider on every poll when both TTLs are 0', async () => {
      const provider = scriptedProvider(answer);
      const runner = runnerOf({ a: pipeline() }, provider, recordingTransport(), {
        cacheTtlSeconds: 0,
        failedCacheTtlSeconds: 0,
      });
      await runner.runOnce();
      await runner.runOnce();
      expect(provider.calls).to.deep.equal([['AAA'], ['AAA']]);
    });
  });

  describe('runOnce() with skipUnchanged', () => {
    it('publishes a quote only when it changed since the last poll, counting the others', async () => {
      let price = 10;
      let stamp = 0;
      const provider = scriptedProvider((symbols) =>
        symbols.map((s) => {
          stamp += 1_000;
          const quote = { ...quoteOf(s, price), timestamp: new Date(now + stamp).toISOString() };
          return { symbol: s, quote };
        }),
      );
      const transport = recordingTransport();
      const runner = runnerOf({ a: pipeline({ skipUnchanged: true }) }, provider, transport);

      const first = await runner.runOnce();
      const second = await runner.runOnce();
      price = 11;
      const third = await runner.runOnce();

      expect(first.get('a')).to.include({ records: 1, unchangedQuotes: 0 });
      expect(second.get('a')).to.include({ records: 0, unchangedQuotes: 1, failedSymbols: 0 });
      expect(third.get('a')).to.include({ records: 1, unchangedQuotes: 0 });
      expect(transport.received.map((e) => e.record.timestamp)).to.deep.equal([
        '2026-03-10T15:00:01.000Z',
        '2026-03-10T15:00:03.000Z',
      ]);
      const ids = transport.received.map(
        (e) =>
          createEnvelope({
            schema: e.schema,
            record: e.record,
            pipeline: 'a',
            fetchedAt: now,
          }).id,
      );
      expect(transport.received.map((e) => e.id)).to.deep.equal(ids);
    });

    it('publishes every quote of a pipeline without skipUnchanged', async () => {
      const provider = scriptedProvider(answer);
      const transport = recordingTransport();
      const runner = runnerOf({ a: pipeline() }, provider, transport, { cacheTtlSeconds: 60 });
      await runner.runOnce();
      const second = await runner.runOnce();

      expect(second.get('a')).to.include({ records: 1, unchangedQuotes: 0 });
      expect(transport.received.map((e) => e.id)).to.have.length(2);
      expect(transport.received[1]?.id).to.equal(transport.received[0]?.id);
    });
  });

  describe('start()', () => {
    it('polls at once and then on each interval', async () => {
      const clock = sinon.useFakeTimers();
      const provider = scriptedProvider(answer);
      const runner = runnerOf({ a: pipeline({ every: '10s' }) }, provider, recordingTransport());
      runner.start();
      await clock.tickAsync(0);
      expect(provider.calls).to.have.length(1);

      await clock.tickAsync(10_000);
      await clock.tickAsync(10_000);
      expect(provider.calls).to.have.length(3);
      await runner.stop(0);
    });

    it('skips and counts ticks while the previous poll still runs', async () => {
      const clock = sinon.useFakeTimers();
      let release: (() => void) | undefined;
      const provider = scriptedProvider(
        (symbols) =>
          new Promise((resolve) => {
            release = () => {
              resolve(answer(symbols));
            };
          }),
      );
      const runner = runnerOf({ a: pipeline({ every: '1s' }) }, provider, recordingTransport());
      runner.start();
      await clock.tickAsync(3_000);

      expect(provider.calls).to.have.length(1);
      expect(runner.skippedTicks().get('a')).to.equal(3);
      release?.();
      await clock.tickAsync(1_000);
      expect(provider.calls).to.have.length(2);
      release?.();
      await runner.stop(0);
    });

    it('warns once per slow poll, however many ticks it holds up, and says when it ends', async () => {
      const clock = sinon.useFakeTimers();
      let release: (() => void) | undefined;
      const provider = scriptedProvider(
        (symbols) =>
          new Promise((resolve) => {
            release = () => {
              resolve(answer(symbols));
            };
          }),
      );
      const logs = recordLogs();
      const events = new RuntimeEvents({ now: () => Date.now() }, silent);
      const runner = runnerOf(
        { a: pipeline({ every: '1s' }) },
        provider,
        recordingTransport(),
        {},
        events,
        logs.log,
      );
      runner.start();
      await clock.tickAsync(3_500);
      release?.();
      await clock.tickAsync(0);

      const skipped = logs
        .lines()
        .filter((line) => line.msg === 'tick skipped, poll still running');
      expect(skipped.map((line) => line.level)).to.deep.equal([40, 20, 20]);
      const ended = logs.lines().find((line) => line.msg === 'slow poll ended');
      expect(ended).to.include({ pipeline: 'a', skipped: 3, durationMs: 3_500 });
      await clock.tickAsync(500);
      release?.();
      await runner.stop(0);
    });
  });

  describe('stop()', () => {
    it('waits for the poll in flight before resolving', async () => {
      let release: (() => void) | undefined;
      const provider = scriptedProvider(
        (symbols) =>
          new Promise((resolve) => {
            release = () => {
              resolve(answer(symbols));
            };
          }),
      );
      const transport = recordingTransport();
      const runner = runnerOf({ a: pipeline() }, provider, transport);
      runner.start();
      await new Promise((resolve) => setImmediate(resolve));

      const stopped = runner.stop(5_000);
      release?.();
      const report = await stopped;
      expect(transport.received).to.have.length(1);
      expect(report).to.deep.equal({ complete: true, polling: [], buffered: { bus: 0 } });
    });

    it('gives up waiting after the grace period and says which pipeline still polled', async () => {
      const provider = scriptedProvider(() => new Promise(() => undefined));
      const runner = runnerOf({ a: pipeline() }, provider, recordingTransport());
      runner.start();
      const report = await runner.stop(20);

      expect(provider.calls).to.have.length(1);
      expect(report).to.deep.equal({ complete: false, polling: ['a'], buffered: { bus: 0 } });
    });

    it('aborts the signal the provider was given when the grace period ends', async () => {
      const signals: (AbortSignal | undefined)[] = [];
      const provider: ProviderInstance = {
        ...scriptedProvider(answer),
        fetchQuotes(_symbols, signal) {
          signals.push(signal);
          return new Promise(() => undefined);
        },
      };
      const runner = runnerOf({ a: pipeline() }, provider, recordingTransport());
      runner.start();
      await new Promise((resolve) => setImmediate(resolve));
      expect(signals).to.have.length(1);
      expect(signals[0]?.aborted).to.equal(false);

      await runner.stop(20);
      expect(signals[0]?.aborted).to.equal(true);
    });

    it('never publishes what a poll deaf to the abort answers after stop, counting it', async () => {
      let release: (() => void) | undefined;
      const provider = scriptedProvider(
        (symbols) =>
          new Promise((resolve) => {
            release = () => {
              resolve(answer(symbols));
            };
          }),
      );
      const transport = recordingTransport();
      const runner = runnerOf({ a: pipeline({ symbols: ['AAA', 'BBB'] }) }, provider, transport);
      runner.start();
      await new Promise((resolve) => setImmediate(resolve));
      await runner.stop(20);

      release?.();
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(transport.received).to.deep.equal([]);
      expect(runner.deliveryStats().get('bus')).to.include({ delivered: 0, abandoned: 2 });
    });
  });

  describe('start() with marketHours', () => {
    const closedAllDay = '2026-11-26T15:00:00.000Z'; // Thanksgiving: NYSE closed
    const heartbeatHours = {
      exchange: 'XNYS',
      sessions: ['regular'],
      whenClosed: 'heartbeat',
      heartbeatEvery: '1m',
    } as const;

    it('publishes contract-valid heartbeats with deterministic ids and never polls', async () => {
      const timers = sinon.useFakeTimers({ now: Date.parse(closedAllDay) });
      const provider = scriptedProvider(answer);
      const transport = recordingTransport();
      const config = pipeline({ every: '10s', marketHours: heartbeatHours });
      const runner = runnerOf({ a: config }, provider, transport);
      runner.start();
      await timers.tickAsync(150_000);
      await runner.stop(0);
      await timers.tickAsync(300_000);

      expect(provider.calls).to.deep.equal([]);
      expect(transport.received).to.deep.equal([]);
      const expected = [0, 60_000, 120_000].map((offset) =>
        createHeartbeatEnvelope({
          pipeline: 'a',
          exchange: 'XNYS',
          phase: 'closed',
          nextOpenMs: Date.parse('2026-11-27T14:30:00.000Z'),
          nowMs: Date.parse(closedAllDay) + offset,
        }),
      );
      expect(transport.heartbeats).to.deep.equal(expected);
      for (const heartbeat of transport.heartbeats) {
        expect(validateEnvelope(heartbeat)).to.deep.equal({ valid: true });
      }
    });

    it('emits market_closed and market_opened through the kernel events', async () => {
      const timers = sinon.useFakeTimers({ now: Date.parse('2026-11-27T14:29:00.000Z') });
      const events = new RuntimeEvents(clock, silent);
      const heard: KernelEvent[] = [];
      events.subscribe((event) => {
        heard.push(event);
      });
      const provider = scriptedProvider(answer);
      const config = pipeline({
        every: '1m',
        marketHours: { ...heartbeatHours, whenClosed: 'sleep' },
      });
      const runner = runnerOf({ a: config }, provider, recordingTransport(), {}, events);
      runner.start();
      await timers.tickAsync(90_000);
      await runner.stop(0);
      await events.settled();

      expect(heard).to.deep.equal([
        {
          type: 'pipeline.market_closed',
          at: '2026-11-27T14:29:00.000Z',
          fields: { pipeline: 'a', exchange: 'XNYS', nextOpen: '2026-11-27T14:30:00.000Z' },
        },
        {
          type: 'pipeline.market_opened',
          at: '2026-11-27T14:30:00.000Z',
          fields: { pipeline: 'a', exchange: 'XNYS', session: 'regular' },
        },
      ]);
      expect(provider.calls).to.have.length(1);
    });

    it('still polls once with runOnce() while the market is closed', async () => {
      sinon.useFakeTimers({ now: Date.parse(closedAllDay), toFake: ['Date'] });
      const provider = scriptedProvider(answer);
      const transport = recordingTransport();
      const config = pipeline({ marketHours: heartbeatHours });
      const runner = runnerOf({ a: config }, provider, transport);

      await runner.runOnce();

      expect(provider.calls).to.deep.equal([['AAA']]);
      expect(transport.heartbeats).to.deep.equal([]);
    });
  });
});
