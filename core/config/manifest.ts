import type { PluginKind } from '../plugins/types.js';

/** One plugin instance of the manifest, after validation and defaults. */
export interface InstanceConfig {
  readonly use: string;
  readonly options: Record<string, unknown>;
  readonly startTimeoutMs?: number;
}

/** The buffer of one transport instance, after validation and defaults. */
export interface BufferConfig {
  readonly capacity: number;
  readonly maxBatchMessages: number;
  readonly maxBatchBytes: number;
  readonly maxBatchDelay: string;
  readonly whenFull: 'block' | 'drop-oldest';
}

/** The buffer a transport gets when the manifest says nothing (the schema's defaults). */
export const defaultBufferConfig: BufferConfig = {
  capacity: 10_000,
  maxBatchMessages: 500,
  maxBatchBytes: 1_048_576,
  maxBatchDelay: '50ms',
  whenFull: 'block',
};

/** One transport instance: a plugin instance with its buffer. */
export interface TransportInstanceConfig extends InstanceConfig {
  readonly buffer: BufferConfig;
}

/** One provider instance: a plugin instance with overrides of its rate limits (0 lifts one). */
export interface ProviderInstanceConfig extends InstanceConfig {
  readonly rateLimits?: {
    readonly perSecond?: number;
    readonly perMinute?: number;
    readonly perHour?: number;
    readonly perDay?: number;
  };
}

/** One pipeline of the manifest, after validation and defaults. */
export interface PipelineConfig {
  readonly enabled: boolean;
  readonly provider: string;
  readonly symbols: readonly string[];
  readonly every: string;
  readonly records: readonly ('quote' | 'bar')[];
  readonly barInterval: string;
  readonly transports: readonly string[];
}

/** The validated manifest, as `schemas/manifest.schema.json` describes it. */
export interface Manifest {
  readonly version: 1;
  readonly logLevel: 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal' | 'silent';
  readonly plugins: readonly string[];
  readonly secretStores: Readonly<Record<string, InstanceConfig>>;
  readonly caches: Readonly<Record<string, InstanceConfig>>;
  readonly providers: Readonly<Record<string, ProviderInstanceConfig>>;
  readonly transports: Readonly<Record<string, TransportInstanceConfig>>;
  readonly notifiers: Readonly<Record<string, InstanceConfig>>;
  readonly pipelines: Readonly<Record<string, PipelineConfig>>;
}

/** The manifest section that declares instances of each plugin kind. */
export const sectionOfKind = {
  'secret-store': 'secretStores',
  cache: 'caches',
  transport: 'transports',
  notifier: 'notifiers',
  provider: 'providers',
} as const satisfies Record<PluginKind, keyof Manifest>;
