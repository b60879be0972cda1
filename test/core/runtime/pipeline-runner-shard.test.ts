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
import type { QuoteOutcome } from '../../../core/plugins/types.js';
import { PipelineRunner } from '../../../core/runtime/pipeline-runner.js';
import type { Shard } from '../../../core/runtime/shard.js';
import { now, quoteOf, recordingTransport, scriptedProvider } from './runtime-fixtures.js';

const answer = (symbols: readonly string[]): QuoteOutcome[] =>
  symbols.map((s) => ({ symbol: s, quote: quoteOf(s) }));

function pipeline(symbols: string[]): PipelineConfig {
  return {
    enabled: true,
    provider: 'market',
    symbols,
    every: '10s',
    records: ['quote'],
    barInterval: '1d',
    ...defaultPipelineRuntime,
    transports: ['bus'],
  };
}

/** A runner on `shard` over a scripted provider; returns it with the provider and its log. */
function shardedRunner(pipelines: Record<string, PipelineConfig>, shard: Shard) {
  const provider = scriptedProvider(answer);
  const transport = recordingTransport();
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
    cache: () => undefined,
  } as unknown as Kernel;
  const log = pino({ level: 'silent' });
  const runner = new PipelineRunner(kernel, manifest, log, { now: () => now }, shard);
  return { runner, provider, transport, log };
}

describe('PipelineRunner (sharded)', () => {
  afterEach(() => {
    sinon.restore();
  });

  describe('runOnce()', () => {
    it('polls on each shard only its symbols, and together every symbol once', async () => {
      const symbols = ['AAPL', 'MSFT', 'GOOG', 'AMZN', 'NVDA', 'TSLA', 'META', 'BRK.B'];
      const polled: string[][] = [];
      for (const index of [0, 1, 2]) {
        const { runner, transport } = shardedRunner({ a: pipeline(symbols) }, { index, count: 3 });
        await runner.runOnce();
        polled.push(transport.received.map((e) => e.record.symbol));
      }

      expect(polled.flat().sort()).to.deep.equal([...symbols].sort());
      expect(polled.filter((part) => part.length > 0).length).to.be.at.least(2);
    });

    it('skips a pipeline with no symbols on this shard and logs it once at info', async () => {
      // On shard 1 of 2, MSFT falls here and AAPL and GOOG do not (pinned in shard.test.ts).
      const { runner, provider, log } = shardedRunner(
        { mine: pipeline(['MSFT']), theirs: pipeline(['AAPL', 'GOOG']) },
        { index: 1, count: 2 },
      );
      const info = sinon.spy(log, 'info');
      const first = await runner.runOnce();
      const second = await runner.runOnce();

      expect([...first.keys()]).to.deep.equal(['mine']);
      expect([...second.keys()]).to.deep.equal(['mine']);
      expect(provider.calls).to.deep.equal([['MSFT'], ['MSFT']]);
      expect(info.callCount).to.equal(1);
      expect(info.firstCall.args[0]).to.deep.include({ pipeline: 'theirs' });
    });
  });

  describe('start()', () => {
    it('schedules only the pipelines that have symbols on this shard', async () => {
      const clock = sinon.useFakeTimers();
      const { runner, provider } = shardedRunner(
        { mine: pipeline(['MSFT']), theirs: pipeline(['AAPL']) },
        { index: 1, count: 2 },
      );
      runner.start();
      await clock.tickAsync(0);

      expect(provider.calls).to.deep.equal([['MSFT']]);
      expect([...runner.skippedTicks().keys()]).to.deep.equal(['mine']);
      await runner.stop(0);
    });
  });
});
