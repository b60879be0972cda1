import { expect } from 'chai';
import { pino } from 'pino';
import sinon from 'sinon';
import {
  defaultBufferConfig,
  defaultPipelineRuntime,
  defaultProviderRuntime,
  type Manifest,
  type PipelineConfig,
} from '../../../core/config/manifest.js';
import type { Kernel } from '../../../core/kernel/kernel.js';
import type {
  ProviderInstance,
  QuoteOutcome,
  TransportInstance,
} from '../../../core/plugins/types.js';
import { RuntimeEvents } from '../../../core/runtime/events.js';
import { PipelineRunner } from '../../../core/runtime/pipeline-runner.js';
import { now, quoteOf, recordingTransport, scriptedProvider } from './runtime-fixtures.js';

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

function runnerOf(
  pipelines: Record<string, PipelineConfig>,
  provider: ProviderInstance,
  transport: TransportInstance,
): PipelineRunner {
  const manifest = {
    version: 1,
    logLevel: 'silent',
    plugins: [],
    secretStores: {},
    caches: {},
    notifiers: {},
    providers: { market: { use: 'fake', options: {}, ...defaultProviderRuntime } },
    transports: {
      bus: { use: 'fake', options: {}, buffer: { ...defaultBufferConfig, maxBatchDelay: '1ms' } },
    },
    pipelines,
  } satisfies Manifest;
  const kernel = {
    instance: (kind: string) => (kind === 'provider' ? provider : transport),
    rateGate: () => undefined,
    events: new RuntimeEvents({ now: () => now }, pino({ level: 'silent' })),
  } as unknown as Kernel;
  return new PipelineRunner(kernel, manifest, pino({ level: 'silent' }), { now: () => now });
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
      await stopped;
      expect(transport.received).to.have.length(1);
    });

    it('gives up waiting after the grace period', async () => {
      const provider = scriptedProvider(() => new Promise(() => undefined));
      const runner = runnerOf({ a: pipeline() }, provider, recordingTransport());
      runner.start();
      await runner.stop(20);
      expect(provider.calls).to.have.length(1);
    });
  });
});
