import { pino } from 'pino';
import {
  defaultBufferConfig,
  defaultPipelineRuntime,
  defaultProviderRuntime,
  type Manifest,
  type PipelineConfig,
  type ProviderInstanceConfig,
} from '../../../core/config/manifest.js';
import type { Kernel } from '../../../core/kernel/kernel.js';
import type {
  ProviderInstance,
  QuoteOutcome,
  TransportInstance,
} from '../../../core/plugins/types.js';
import { RuntimeEvents } from '../../../core/runtime/events.js';
import { PipelineRunner } from '../../../core/runtime/pipeline-runner.js';
import { quoteOf } from './runtime-fixtures.js';

/** A quote pipeline of AAA every 10 s with the runtime defaults, changed by `overrides`. */
export function pipeline(overrides: Partial<PipelineConfig> = {}): PipelineConfig {
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

export const silent = pino({ level: 'silent' });
// Reads the faked Date.now once a test installs fake timers.
export const clock = { now: () => Date.now() };

/** A runner of `pipelines` over one provider `market` and one transport `bus`, on a fake kernel. */
export function runnerOf(
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

/** Every symbol answered with a valid quote. */
export const answer = (symbols: readonly string[]): QuoteOutcome[] =>
  symbols.map((s) => ({ symbol: s, quote: quoteOf(s) }));
