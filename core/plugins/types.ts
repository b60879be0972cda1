import type { Logger } from 'pino';
import type { Dispatcher } from 'undici';
import type { Bar, Envelope, Quote } from '../contract/types.js';
import type { FailureInfo, StockpollerError } from '../errors/index.js';

/** The five kinds of plugin, in the order the kernel starts them. */
export const pluginKinds = ['secret-store', 'cache', 'transport', 'notifier', 'provider'] as const;

/** A kind of plugin. */
export type PluginKind = (typeof pluginKinds)[number];

/** A JSON Schema (draft 2020-12) object, as plugins declare their options. */
export type JsonSchema = Record<string, unknown>;

/** The time source every plugin must use, so tests can drive time. */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
}

/** Options of {@link PluginContext.http}. */
export interface HttpClientOptions {
  /** Idle keep-alive connections per origin. Default 10. */
  readonly connections?: number;
  /** Abort a request whose headers take longer. Default 10 000 ms. */
  readonly headersTimeoutMs?: number;
  /** Abort a request whose body stalls longer. Default 10 000 ms. */
  readonly bodyTimeoutMs?: number;
}

/**
 * The call budget of a provider instance (its declared rate limits, overridable in the
 * manifest). `ProviderHttp` takes a slot before every request and reports 429s; adapters that
 * make calls another way should do the same.
 */
export interface RateGate {
  /** Resolves when a call of `cost` requests may start; rejects when `signal` aborts first. */
  acquire(cost?: number, signal?: AbortSignal): Promise<void>;
  /** Makes every caller wait out a `rate_limited` failure (Retry-After, or a quota's reset). */
  penalize(failure: FailureInfo): Promise<boolean>;
}

/** Everything the kernel hands a plugin's `create()`. */
export interface PluginContext {
  /** Child logger bound to `{ kind, plugin, label }`. Never log secret values. */
  readonly log: Logger;
  /** Name the manifest gives this instance (the key under `providers:`, `transports:`...). */
  readonly label: string;
  readonly clock: Clock;
  /**
   * Looks a secret up through the configured secret stores, in manifest order. Throws
   * SP_ERR_SECRET_NOT_FOUND when no store holds it. Secret stores themselves get a lookup
   * that always throws: they start first.
   */
  secret(path: string): Promise<string>;
  /** The pipeline-independent default cache, or undefined when none is declared. */
  readonly cache: CacheInstance | undefined;
  /** A keep-alive HTTP client (undici Pool) for one origin; closed by the kernel on stop. */
  http(origin: string, options?: HttpClientOptions): Dispatcher;
  /** For providers: the instance's call budget (see {@link RateGate}); undefined for others. */
  readonly rateLimit?: RateGate;
}

/** Result of an optional health check. */
export interface HealthStatus {
  readonly healthy: boolean;
  readonly detail?: string;
}

/** Lifecycle every plugin instance shares. */
export interface PluginInstance {
  /** Connects or warms up. Called once, within the plugin's start timeout. */
  start?(): Promise<void>;
  /** Releases everything. Safe to call twice, and after a failed start(). */
  stop?(): Promise<void>;
  /** Cheap liveness probe; must not throw. */
  health?(): Promise<HealthStatus>;
}

/** What a provider declares it can do. */
export interface ProviderCapabilities {
  readonly quote: boolean;
  /** Most symbols one quote call accepts (1 when there is no batch endpoint). */
  readonly maxSymbolsPerCall: number;
  readonly dailyBars: boolean;
  /** Intraday bar intervals the provider serves, for example `['1m', '5m', '1h']`. */
  readonly intradayIntervals: readonly string[];
  /** Documented limits the runtime honours by default. */
  readonly rateLimits: {
    readonly perSecond?: number;
    readonly perMinute?: number;
    readonly perHour?: number;
    readonly perDay?: number;
  };
  /** How far back daily bars go on the configured plan, in days (undefined: not documented). */
  readonly historyDays?: number;
  /**
   * Most bars one request of the API returns (its documented row or page limit). `stockpoller
   * backfill` cuts long ranges into chunks of about this many bars, so that a chunk is about one
   * request. Undefined: no limit is documented, and the backfill assumes 5000.
   */
  readonly maxBarsPerCall?: number;
  /**
   * True when every symbol of a quote call costs one unit of the rate limits (Twelve Data's
   * credits) rather than the call costing one: the runtime then never asks for more symbols in
   * one call than the tightest window holds. The adapter passes the cost to `ProviderHttp.get`.
   */
  readonly costPerSymbol?: boolean;
}

/** The outcome of one symbol of a quote call. */
export type QuoteOutcome =
  | { readonly symbol: string; readonly quote: Quote; readonly error?: undefined }
  | { readonly symbol: string; readonly quote?: undefined; readonly error: StockpollerError };

/** A request for historical bars. */
export interface BarRequest {
  readonly symbol: string;
  readonly interval: string;
  /** Inclusive start, ISO-8601 date or instant. */
  readonly from: string;
  /** Inclusive end, ISO-8601 date or instant. */
  readonly to: string;
}

/** A market-data source. */
export interface ProviderInstance extends PluginInstance {
  readonly capabilities: ProviderCapabilities;
  /** Latest quotes; one outcome per requested symbol, in request order. Never throws per symbol. */
  fetchQuotes(symbols: readonly string[], signal?: AbortSignal): Promise<QuoteOutcome[]>;
  /** Historical bars sorted by timestamp. Throws a StockpollerError on failure. */
  fetchBars?(request: BarRequest, signal?: AbortSignal): Promise<Bar[]>;
}

/** Per-message result of a publish. */
export type DeliveryResult =
  | { readonly id: string; readonly delivered: true }
  | { readonly id: string; readonly delivered: false; readonly error: StockpollerError };

/** One message in a transport's dead-letter queue, as `stockpoller dlq inspect` shows it. */
export interface DeadLetter {
  /** The envelope's message id. */
  readonly id: string;
  /** Why it was dead-lettered (nack, unroutable, rejected, max receives, ...). */
  readonly reason: string;
  /** How many delivery attempts were made before it was dead-lettered. */
  readonly attempts: number;
  readonly symbol: string | null;
  /** Milliseconds since it was dead-lettered (or first sent, when that is all that is known). */
  readonly ageMs: number | null;
}

/** What a redrive did. */
export interface RedriveResult {
  /** Messages re-published to the main exchange or queue (and removed from the DLQ). */
  readonly moved: number;
  /** Messages that could not be moved and stay in the DLQ. */
  readonly failed: number;
  /** With a dry run: what would have been moved (nothing is changed). */
  readonly wouldMove: number;
}

/** Access to a transport's dead-letter queue, for the `stockpoller dlq` command. */
export interface DeadLetterAccess {
  /** Up to `limit` dead letters, oldest first; leaves them in place. */
  inspect(limit: number): Promise<DeadLetter[]>;
  /**
   * Moves up to `limit` dead letters back to the main exchange or queue; each is removed
   * from the DLQ only after its re-publish succeeded. `dryRun` changes nothing.
   */
  redrive(limit: number, dryRun: boolean): Promise<RedriveResult>;
}

/** A message sink. Receives only envelopes that passed the data contract. */
export interface TransportInstance extends PluginInstance {
  /**
   * Publishes a batch; reports each message delivered or failed, in input order. The kernel's
   * buffer calls it with one batch at a time.
   */
  publish(envelopes: readonly Envelope[]): Promise<DeliveryResult[]>;
  /** Pushes anything the transport itself still holds to its destination. */
  flush?(): Promise<void>;
  /** The dead-letter queue, for transports that have one. */
  readonly deadLetters?: DeadLetterAccess;
}

/** A key-value cache with TTLs. */
export interface CacheInstance extends PluginInstance {
  get<T>(key: string): Promise<T | undefined>;
  /** Stores a JSON-serializable value; `ttlMs` undefined keeps it until evicted. */
  set(key: string, value: unknown, ttlMs?: number): Promise<void>;
  delete(key: string): Promise<boolean>;
}

/** A source of secrets. */
export interface SecretStoreInstance extends PluginInstance {
  /** The secret at `path`, or undefined when this store does not hold it. */
  getSecret(path: string): Promise<string | undefined>;
}

/** An event the kernel and runtime emit for notifiers. */
export interface KernelEvent {
  readonly type: string;
  readonly at: string;
  readonly fields: Readonly<Record<string, unknown>>;
}

/** A sink for operational events (Slack, ...). */
export interface NotifierInstance extends PluginInstance {
  notify(event: KernelEvent): Promise<void>;
}

/** Maps each kind to the instance type its plugins create. */
export interface InstanceByKind {
  provider: ProviderInstance;
  transport: TransportInstance;
  cache: CacheInstance;
  'secret-store': SecretStoreInstance;
  notifier: NotifierInstance;
}

/** A plugin, as `definePlugin()` declares it. */
export interface PluginDefinition<K extends PluginKind = PluginKind, O = Record<string, unknown>> {
  readonly kind: K;
  /** Lowercase kebab name used by `use:` in the manifest. */
  readonly name: string;
  /** The plugin's own semver version. */
  readonly version: string;
  /** Semver range of stockpoller core versions supported, for example `^0.1.0`. */
  readonly core: string;
  /** One line for `stockpoller plugins`. */
  readonly description?: string;
  /** JSON Schema of `options`; the kernel validates (and applies defaults) before `create`. */
  readonly optionsSchema: JsonSchema;
  /** Milliseconds `start()` may take. Default 10 000. */
  readonly startTimeoutMs?: number;
  /**
   * Builds an instance from validated options. Import heavy SDKs here with `await import()`,
   * never at module top level: validating a manifest loads plugin modules but never calls this.
   */
  create(context: PluginContext, options: O): InstanceByKind[K] | Promise<InstanceByKind[K]>;
}
