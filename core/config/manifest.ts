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
    /** Milliseconds added to every window for delays on the way to the provider (default 100). */
    readonly marginMs?: number;
    /** Keeps the budget in Redis, shared by every replica with the same API key. */
    readonly shared?: { readonly redisUrl: string; readonly keyPrefix: string };
  };
  /** Most calls in flight at once (default 4). */
  readonly concurrency: number;
  readonly retry: RetryConfig;
  readonly circuitBreaker: CircuitBreakerConfig;
  /** Label of the cache instance for results; default the first declared cache. */
  readonly cache?: string;
  /** Seconds a result is reused; 0 turns the result cache off. */
  readonly cacheTtlSeconds: number;
  /** Seconds a symbol that failed for good is not asked again; 0 asks every tick. */
  readonly failedCacheTtlSeconds: number;
}

/** Retries of retryable provider failures, after defaults. */
export interface RetryConfig {
  readonly maxAttempts: number;
  readonly initialDelay: string;
  readonly maxDelay: string;
}

/** The circuit breaker of a provider instance, after defaults (threshold 0: no breaker). */
export interface CircuitBreakerConfig {
  readonly failureThreshold: number;
  readonly openFor: string;
}

/** What the schema fills in for a provider instance that says nothing. */
export const defaultProviderRuntime = {
  concurrency: 4,
  retry: { maxAttempts: 3, initialDelay: '250ms', maxDelay: '10s' },
  circuitBreaker: { failureThreshold: 5, openFor: '30s' },
  cacheTtlSeconds: 0,
  failedCacheTtlSeconds: 300,
} as const satisfies Partial<ProviderInstanceConfig>;

/** What the schema fills in for a pipeline's schedule options that are not given. */
export const defaultPipelineRuntime = {
  align: false,
  timezone: 'UTC',
  skipUnchanged: false,
} as const satisfies Partial<PipelineConfig>;

/** Market-hours gating of a pipeline, after defaults. */
export interface MarketHoursConfig {
  readonly exchange: 'XNYS' | 'XNAS';
  readonly sessions: readonly ('pre' | 'regular' | 'post')[];
  readonly whenClosed: 'sleep' | 'heartbeat';
  readonly heartbeatEvery: string;
}

/** One pipeline of the manifest, after validation and defaults. */
export interface PipelineConfig {
  readonly enabled: boolean;
  readonly provider: string;
  /**
   * Tickers to poll: the inline list joined with the lines of `symbolsFile`, which the loader
   * reads at startup (so this is complete after loading).
   */
  readonly symbols: readonly string[];
  readonly symbolsFile?: string;
  /** Interval; when neither `every` nor `cron` is set the runtime polls every 15 s. */
  readonly every?: string;
  readonly jitter?: string;
  readonly align: boolean;
  readonly cron?: string;
  readonly timezone: string;
  readonly marketHours?: MarketHoursConfig;
  readonly skipUnchanged: boolean;
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
