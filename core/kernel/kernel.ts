import 'reflect-metadata';
import { inject, injectable } from 'tsyringe';
import type { Logger } from 'pino';
import type { InstanceConfig, Manifest, ProviderInstanceConfig } from '../config/manifest.js';
import { sectionOfKind } from '../config/manifest.js';
import type { LoadedConfig } from '../config/source.js';
import { StockpollerError, describeError } from '../errors/index.js';
import type { PluginRegistry, RegisteredPlugin } from '../plugins/registry.js';
import {
  pluginKinds,
  type CacheInstance,
  type Clock,
  type HealthStatus,
  type InstanceByKind,
  type PluginContext,
  type PluginInstance,
  type NotifierInstance,
  type PluginKind,
  type ProviderInstance,
  type RateGate,
} from '../plugins/types.js';
import type { ManifestValidators } from '../schema/validators.js';
import { childPointer } from '../config/source.js';
import type { RuntimeEvents } from '../runtime/events.js';
import type { RateLimiterState } from '../runtime/rate-limiter.js';
import { HttpPools } from './http-pools.js';
import { DeferredRateGate } from './rate-gates.js';
import { resolveSecretsIn } from './secrets.js';
import { startFailure, stoppedWhileStarting } from './start-errors.js';
import {
  stopInstance,
  settlesWithin,
  type Starting,
  type StopBudget,
  type StopReport,
} from './stopping.js';
import { withTimeout } from './timeout.js';
import { tokens } from './tokens.js';

interface Running {
  readonly kind: PluginKind;
  readonly label: string;
  readonly instance: PluginInstance;
}

const defaultStartTimeoutMs = 10_000;
const stopTimeoutMs = 10_000;
const healthTimeoutMs = 2_000;

/** The health of one running instance, as {@link Kernel.health} reports it. */
export interface InstanceHealth extends HealthStatus {
  readonly kind: PluginKind;
  readonly label: string;
}

/**
 * Creates the plugin instances the manifest declares, starts them in dependency order
 * (secret stores, caches, transports, notifiers, providers) and stops them in reverse.
 */
@injectable()
export class Kernel {
  private readonly running: Running[] = [];
  private readonly pools = new HttpPools();
  private readonly gates = new Map<string, DeferredRateGate>();
  private readonly unsubscribers: (() => void)[] = [];
  private defaultCache: CacheInstance | undefined;
  private stopped = false;
  /** Bumped by every stop(): a start() begun before it starts nothing more. */
  private generation = 0;
  private starting: Starting | undefined;
  private stopping: Promise<StopReport> | undefined;

  constructor(
    @inject(tokens.manifest) private readonly manifest: Manifest,
    @inject(tokens.loadedConfig) private readonly loaded: LoadedConfig,
    @inject(tokens.registry) private readonly registry: PluginRegistry,
    @inject(tokens.validators) private readonly validators: ManifestValidators,
    @inject(tokens.logger) private readonly log: Logger,
    @inject(tokens.clock) private readonly clock: Clock,
    /** Runtime events; every running notifier hears them. */
    @inject(tokens.events) readonly events: RuntimeEvents,
  ) {}

  /**
   * Starts every declared instance (or those `select` picks, as `stockpoller fetch` starts one
   * provider); on failure stops what started and rethrows. A {@link stop} while it runs (a
   * signal during startup) ends it: nothing more starts, the instance being started is stopped
   * once its start() settles, and start() rejects with SP_ERR_PLUGIN_START_FAILED.
   */
  async start(select: (kind: PluginKind, label: string) => boolean = () => true): Promise<void> {
    const generation = this.generation;
    try {
      for (const kind of pluginKinds) {
        const section = this.manifest[sectionOfKind[kind]];
        for (const [label, config] of Object.entries(section)) {
          if (!select(kind, label)) continue;
          const starting: Starting = {
            kind,
            label,
            instance: undefined,
            settled: this.startInstance(kind, label, config, generation, (instance) => {
              starting.instance = instance;
            }),
          };
          this.starting = starting;
          try {
            await starting.settled;
          } finally {
            if (this.starting === starting) this.starting = undefined;
          }
        }
      }
    } catch (error) {
      await this.stop();
      throw error;
    }
  }

  /** The rate gate of a running provider instance (shared by its pipelines), if any. */
  rateGate(label: string): DeferredRateGate | undefined {
    return this.gates.get(label);
  }

  /**
   * The rate limiter of every running provider instance, by label, as it stands now: usage of
   * each window, callers waiting, pause and park (for metrics). An instance whose shared budget
   * cannot be read (Redis unreachable) is left out.
   */
  async rateLimitStates(): Promise<Map<string, RateLimiterState>> {
    const states = new Map<string, RateLimiterState>();
    for (const [label, gate] of this.gates) {
      const state = await gate.armed?.state().catch(() => undefined);
      if (state !== undefined) states.set(label, state);
    }
    return states;
  }

  /** The running instance of a kind by its manifest label. */
  instance<K extends PluginKind>(kind: K, label: string): InstanceByKind[K] {
    const found = this.running.find((r) => r.kind === kind && r.label === label);
    if (found === undefined) {
      throw new StockpollerError('SP_ERR_INTERNAL', `no running ${kind} instance "${label}"`);
    }
    return found.instance as InstanceByKind[K];
  }

  /**
   * The running cache instance named `label`, or the default cache (the first declared) when
   * `label` is undefined; undefined when the manifest declares no cache.
   */
  cache(label?: string): CacheInstance | undefined {
    return label === undefined ? this.defaultCache : this.instance('cache', label);
  }

  /**
   * Asks every running instance for its health, each within 2 s. An instance without a
   * check counts as healthy; a check that throws or times out counts as unhealthy.
   */
  async health(): Promise<InstanceHealth[]> {
    return Promise.all(
      this.running.map(async ({ kind, label, instance }) => {
        if (instance.health === undefined) return { kind, label, healthy: true };
        try {
          const status = await withTimeout(
            instance.health(),
            healthTimeoutMs,
            () => new Error('health check timed out'),
          );
          return { kind, label, ...status };
        } catch (error) {
          return { kind, label, healthy: false, detail: describeError(error) };
        }
      }),
    );
  }

  /**
   * Stops every started instance in reverse order, within `budget` when given. Safe to call
   * twice; a call while a stop is under way joins it. Never throws: a stop that fails is
   * logged, one that outlives the budget is logged and reported.
   */
  stop(budget?: StopBudget): Promise<StopReport> {
    this.stopping ??= this.stopAll(budget).finally(() => {
      this.stopping = undefined;
    });
    return this.stopping;
  }

  private async stopAll(budget: StopBudget | undefined): Promise<StopReport> {
    this.generation += 1;
    const abandoned: string[] = [];
    if (this.stopped && this.running.length === 0 && this.starting === undefined) {
      return { abandoned };
    }
    this.stopped = true;
    // Each step gets 10 s at most, and no more than what is left of the budget.
    const timeLeft = (): number =>
      budget === undefined
        ? stopTimeoutMs
        : Math.min(stopTimeoutMs, Math.max(0, budget.deadlineMs - this.clock.now()));

    // A stop during startup: the instance being started stops itself once its start() settles.
    const starting = this.starting;
    if (starting !== undefined && !(await settlesWithin(starting.settled, timeLeft()))) {
      abandoned.push(`${starting.kind} "${starting.label}"`);
      this.log.warn(
        { kind: starting.kind, label: starting.label },
        'plugin still starting, stopped anyway',
      );
      if (starting.instance !== undefined) {
        await this.stopOne(starting.kind, starting.label, starting.instance, timeLeft());
      }
    }
    // Notifiers stop last of all but hear nothing new; what was already sent still arrives.
    for (const unsubscribe of this.unsubscribers.splice(0)) unsubscribe();
    if (!(await settlesWithin(this.events.settled(), timeLeft()))) {
      this.log.warn({}, 'notifier deliveries still running, not waited for');
    }
    while (this.running.length > 0) {
      const { kind, label, instance } = this.running.pop() as Running;
      const stopped = await this.stopOne(kind, label, instance, timeLeft());
      if (!stopped) abandoned.push(`${kind} "${label}"`);
    }
    const closing = Promise.allSettled([...this.gates.values()].map((gate) => gate.close()));
    this.gates.clear();
    const closed = closing.then(() => this.pools.closeAll());
    if (!(await settlesWithin(closed, timeLeft()))) {
      this.log.warn({}, 'rate stores and http pools still closing, not waited for');
    }
    return { abandoned };
  }

  private async startInstance(
    kind: PluginKind,
    label: string,
    config: InstanceConfig,
    generation: number,
    onCreated: (instance: PluginInstance) => void,
  ): Promise<void> {
    const plugin = this.registry.get(kind, config.use);
    if (plugin === undefined) {
      throw new StockpollerError(
        'SP_ERR_INTERNAL',
        `${kind} plugin "${config.use}" vanished after validation`,
      );
    }
    const what = `${kind} "${label}" (plugin ${config.use})`;
    const log = this.log.child({ kind, plugin: config.use, label });
    const options = await this.prepareOptions(kind, label, config, plugin, what);
    const gate = kind === 'provider' ? new DeferredRateGate() : undefined;
    const context = this.contextFor(kind, label, log, gate);

    let instance: PluginInstance | undefined;
    try {
      instance = await plugin.definition.create(context, options);
      onCreated(instance);
      if (generation !== this.generation) throw stoppedWhileStarting(what);
      if (gate !== undefined && 'capabilities' in instance) {
        // Entries of the providers section are provider instances (the schema saw to that).
        const providerConfig = config as ProviderInstanceConfig;
        await gate.arm((instance as ProviderInstance).capabilities, providerConfig, {
          label,
          plugin: plugin.definition,
          options,
          log,
          events: this.events,
          resolveSecrets: (value, pointer) =>
            resolveSecretsIn(value, pointer, this.loaded.secretRefs, (p) => this.lookupSecret(p)),
        });
        this.gates.set(label, gate);
      }
      const timeoutMs =
        config.startTimeoutMs ?? plugin.definition.startTimeoutMs ?? defaultStartTimeoutMs;
      await withTimeout(
        instance.start?.() ?? Promise.resolve(),
        timeoutMs,
        () =>
          new StockpollerError(
            'SP_ERR_PLUGIN_START_TIMEOUT',
            `${what} did not start within ${timeoutMs} ms`,
            `Check that what it connects to is reachable, or raise startTimeoutMs under ${sectionOfKind[kind]}.${label}.`,
          ),
      );
      if (generation !== this.generation) throw stoppedWhileStarting(what);
    } catch (error) {
      if (instance !== undefined) await this.stopOne(kind, label, instance);
      throw generation === this.generation ? startFailure(what, error) : stoppedWhileStarting(what);
    }

    this.running.push({ kind, label, instance });
    if (kind === 'cache') this.defaultCache ??= instance as CacheInstance;
    if (kind === 'notifier') {
      this.unsubscribers.push(this.events.subscribeNotifier(label, instance as NotifierInstance));
    }
    log.info({}, 'plugin started');
  }

  private async prepareOptions(
    kind: PluginKind,
    label: string,
    config: InstanceConfig,
    plugin: RegisteredPlugin,
    what: string,
  ): Promise<Record<string, unknown>> {
    const prefix = childPointer(
      childPointer(childPointer('', sectionOfKind[kind]), label),
      'options',
    );
    const resolved = await resolveSecretsIn(
      config.options,
      prefix,
      this.loaded.secretRefs,
      (path) => this.lookupSecret(path),
    );
    if (resolved === config.options) return resolved;

    // A secret can change a value's type ("5672" for a port): validate again, never echoing values.
    const validate = this.validators.options(plugin);
    if (!validate(resolved)) {
      const where = (validate.errors ?? []).map(
        (e) => `${e.instancePath || '/'} ${e.message ?? ''}`,
      );
      throw new StockpollerError(
        'SP_ERR_PLUGIN_START_FAILED',
        `options of ${what} are invalid once secrets are resolved: ${where.join('; ')}`,
        'Check the value stored in the secret store for those options.',
      );
    }
    return resolved;
  }

  private contextFor(
    kind: PluginKind,
    label: string,
    log: Logger,
    rateLimit: RateGate | undefined,
  ): PluginContext {
    return {
      log,
      label,
      ...(rateLimit === undefined ? {} : { rateLimit }),
      clock: this.clock,
      cache: this.defaultCache,
      secret: (path) =>
        kind === 'secret-store'
          ? Promise.reject(
              new StockpollerError('SP_ERR_SECRET_NOT_FOUND', 'secret stores cannot read secrets'),
            )
          : this.lookupSecret(path),
      http: (origin, options) => this.pools.create(origin, options),
    };
  }

  /** Asks each secret store in manifest order; the value is never logged nor put in errors. */
  async lookupSecret(path: string): Promise<string> {
    for (const store of this.running.filter((r) => r.kind === 'secret-store')) {
      let value: string | undefined;
      try {
        value = await (store.instance as InstanceByKind['secret-store']).getSecret(path);
      } catch (error) {
        throw new StockpollerError(
          'SP_ERR_SECRET_STORE_FAILED',
          `secret store "${store.label}" failed while looking up "${path}": ${describeError(error)}`,
          'Check the secret store is reachable and its credentials are valid.',
          { cause: error },
        );
      }
      if (value !== undefined) return value;
    }
    const stores = this.running.filter((r) => r.kind === 'secret-store').map((r) => r.label);
    throw new StockpollerError(
      'SP_ERR_SECRET_NOT_FOUND',
      `no secret store holds "${path}" (asked: ${stores.join(', ') || 'none'})`,
      'Create the secret, or fix the path in ${secret:...}.',
    );
  }

  private stopOne(
    kind: PluginKind,
    label: string,
    instance: PluginInstance,
    timeoutMs = stopTimeoutMs,
  ): Promise<boolean> {
    return stopInstance(this.log.child({ kind, label }), instance, timeoutMs);
  }
}
