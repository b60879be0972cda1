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
import type { ProviderInstance, QuoteOutcome } from '../../../core/plugins/types.js';
import { RuntimeEvents } from '../../../core/runtime/events.js';
import { PipelineRunner } from '../../../core/runtime/pipeline-runner.js';
import {
  ProviderStack,
  resilienceLayer,
  type ProviderLayer,
} from '../../../core/runtime/provider-stack.js';
import { ResilientProvider } from '../../../core/runtime/resilient-provider.js';
import { countingProvider } from './resilience-fixtures.js';
import { now, quoteOf, recordingTransport } from './runtime-fixtures.js';

const silent = pino({ level: 'silent' });
const clock = { now: () => now };

const noCache = { ...defaultProviderRuntime, failedCacheTtlSeconds: 0 };

function manifestOf(
  pipelines: Record<string, PipelineConfig> = {},
  concurrency: number = defaultProviderRuntime.concurrency,
): Manifest {
  return {
    version: 1,
    logLevel: 'silent',
    plugins: [],
    secretStores: {},
    caches: {},
    notifiers: {},
    providers: {
      // No result cache: these tests look at the resilience layer on its own.
      market: { use: 'fake', options: {}, ...noCache, concurrency },
      other: { use: 'fake', options: {}, ...noCache },
    },
    transports: {
      bus: { use: 'fake', options: {}, buffer: { ...defaultBufferConfig, maxBatchDelay: '1ms' } },
    },
    pipelines,
  };
}

function kernelOf(providers: Record<string, ProviderInstance>): Kernel {
  return {
    instance: (kind: string, label: string) =>
      kind === 'provider' ? providers[label] : recordingTransport(),
    rateGate: () => undefined,
    cache: () => undefined,
    events: new RuntimeEvents(clock, silent),
  } as unknown as Kernel;
}

const slowAnswer = async (symbols: readonly string[]): Promise<QuoteOutcome[]> => {
  await new Promise((resolve) => setTimeout(resolve, 100));
  return symbols.map((symbol) => ({ symbol, quote: quoteOf(symbol) }));
};

describe('ProviderStack', () => {
  afterEach(() => {
    sinon.restore();
  });

  describe('provider()', () => {
    it('builds one wrapper per label and hands it out every time', () => {
      const kernel = kernelOf({
        market: countingProvider(slowAnswer),
        other: countingProvider(slowAnswer),
      });
      const stack = new ProviderStack(kernel, manifestOf(), silent, clock);
      const market = stack.provider('market');

      expect(market).to.be.instanceOf(ResilientProvider);
      expect(stack.provider('market')).to.equal(market);
      expect(stack.provider('other')).to.not.equal(market);
      expect([...stack.resilienceStates().keys()]).to.deep.equal(['market', 'other']);
    });

    it('wraps layer by layer, the last one outermost', async () => {
      const heard: string[] = [];
      const tagging =
        (tag: string): ProviderLayer =>
        (inner) => ({
          capabilities: inner.capabilities,
          fetchQuotes: (symbols, signal) => {
            heard.push(tag);
            return inner.fetchQuotes(symbols, signal);
          },
        });
      const raw = countingProvider((symbols) =>
        Promise.resolve(symbols.map((s) => ({ symbol: s, quote: quoteOf(s) }))),
      );
      const layers = [resilienceLayer, tagging('inner'), tagging('outer')];
      const stack = new ProviderStack(
        kernelOf({ market: raw }),
        manifestOf(),
        silent,
        clock,
        layers,
      );
      await stack.provider('market').fetchQuotes(['AAA']);

      expect(heard).to.deep.equal(['outer', 'inner']);
      expect(raw.calls).to.deep.equal([['AAA']]);
      expect(stack.resilienceStates().get('market')?.circuit.state).to.equal('closed');
    });

    it('refuses a label the manifest does not declare', () => {
      const stack = new ProviderStack(kernelOf({}), manifestOf(), silent, clock);

      expect(() => stack.provider('nowhere'))
        .to.throw()
        .with.property('code', 'SP_ERR_INTERNAL');
    });
  });

  describe('shared by pipelines', () => {
    it('keeps calls of every pipeline polling one instance within its concurrency', async () => {
      const fakeTime = sinon.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
      const raw = countingProvider(slowAnswer, undefined, 1);
      const pipeline = (symbols: string[]): PipelineConfig => ({
        enabled: true,
        provider: 'market',
        symbols,
        records: ['quote'],
        barInterval: '1d',
        ...defaultPipelineRuntime,
        transports: ['bus'],
      });
      const manifest = manifestOf(
        { a: pipeline(['A1', 'A2', 'A3']), b: pipeline(['B1', 'B2']), c: pipeline(['C1', 'C2']) },
        2,
      );
      const runner = new PipelineRunner(kernelOf({ market: raw }), manifest, silent, clock);
      const running = runner.runOnce();
      await fakeTime.tickAsync(2_000);
      const results = await running;

      expect(raw.calls).to.have.length(7);
      expect(raw.peak).to.equal(2);
      expect([...results.values()].map((s) => s.records)).to.deep.equal([3, 2, 2]);
      expect(runner.providers.provider('market')).to.be.instanceOf(ResilientProvider);
    });
  });
});
