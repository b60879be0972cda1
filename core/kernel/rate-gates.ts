import type { Logger } from 'pino';
import type { ProviderInstanceConfig } from '../config/manifest.js';
import { childPointer } from '../config/source.js';
import type { FailureInfo } from '../errors/index.js';
import type { ProviderCapabilities, PluginDefinition, RateGate } from '../plugins/types.js';
import { RateLimiter } from '../runtime/rate-limiter.js';
import type { RateLimiterStore } from '../runtime/rate-limiter-store.js';
import type { RuntimeEvents } from '../runtime/events.js';
import { PauseReporter } from './pause-reporter.js';
import type { SharedRateStore } from './shared-rate-store.js';

const windowKeys = ['perSecond', 'perMinute', 'perHour', 'perDay'] as const;

/**
 * Slack added to every window unless the manifest says otherwise: enough for the scheduling and
 * network delays seen between the limiter and a provider, small next to a minute's window.
 */
export const defaultMarginMs = 100;

/** What arming a gate with a shared budget needs besides the manifest's settings. */
export interface GateOwner {
  readonly label: string;
  readonly plugin: Pick<PluginDefinition, 'name' | 'optionsSchema'>;
  /** The instance's options, secrets resolved: they name the budget. */
  readonly options: Record<string, unknown>;
  readonly log: Logger;
  /** Where a parked quota is announced to notifiers. */
  readonly events?: Pick<RuntimeEvents, 'emit'>;
  /** Resolves `${secret:...}` references in a manifest value found at `pointer`. */
  resolveSecrets(value: Record<string, unknown>, pointer: string): Promise<Record<string, unknown>>;
}

/**
 * A provider's rate gate, handed to its context before `create()` and armed right after, once
 * the instance has declared its capabilities: a call made while creating is not limited.
 */
export class DeferredRateGate implements RateGate {
  private limiter: RateLimiter | undefined;
  private shared: SharedRateStore | undefined;
  private reporter: PauseReporter | undefined;

  /**
   * Arms the gate with the declared limits and the manifest's overrides (0 lifts a window),
   * each window widened by `rateLimits.marginMs`.
   * With `rateLimits.shared` the budget lives in Redis, connected here; that connection
   * failing rejects with SP_ERR_PLUGIN_START_FAILED. Without `owner` (tests) the budget stays
   * in this process.
   */
  async arm(
    capabilities: ProviderCapabilities,
    config: ProviderInstanceConfig,
    owner?: GateOwner,
  ): Promise<RateLimiter> {
    const overrides: Record<string, number | null> = {};
    for (const window of windowKeys) {
      const limit = config.rateLimits?.[window];
      if (limit !== undefined) overrides[window] = limit === 0 ? null : limit;
    }
    const sharedConfig = config.rateLimits?.shared;
    let store: RateLimiterStore | undefined;
    if (sharedConfig !== undefined && owner !== undefined) {
      this.shared = await openShared(sharedConfig, owner);
      store = this.shared.store;
    }
    const reporter =
      owner === undefined ? undefined : new PauseReporter(owner.label, owner.log, owner.events);
    this.reporter = reporter;
    this.limiter = new RateLimiter({
      limits: capabilities.rateLimits,
      overrides,
      marginMs: config.rateLimits?.marginMs ?? defaultMarginMs,
      ...(store === undefined ? {} : { store }),
      ...(reporter === undefined
        ? {}
        : {
            onLongWait: (untilMs: number, nowMs: number) => {
              reporter.reportWait(untilMs, nowMs);
            },
          }),
    });
    return this.limiter;
  }

  /** The armed limiter, for metrics; undefined before `arm()`. */
  get armed(): RateLimiter | undefined {
    return this.limiter;
  }

  /** The largest cost one call may have; Infinity before `arm()` or without windows. */
  largestCost(): number {
    return this.limiter?.largestCost() ?? Number.POSITIVE_INFINITY;
  }

  acquire(cost = 1, signal?: AbortSignal): Promise<void> {
    return this.limiter === undefined ? Promise.resolve() : this.limiter.acquire(cost, signal);
  }

  async penalize(failure: FailureInfo): Promise<boolean> {
    const nowMs = Date.now();
    const pause = this.limiter?.pauseFor(failure, nowMs);
    if (this.limiter === undefined || pause === undefined) return false;
    await this.limiter.applyPause(pause, nowMs);
    this.reporter?.report(pause, failure, nowMs);
    return true;
  }

  /** Lets go of the shared budget's connection, if any. Safe to call twice. */
  async close(): Promise<void> {
    await this.shared?.close();
  }
}

async function openShared(
  config: NonNullable<NonNullable<ProviderInstanceConfig['rateLimits']>['shared']>,
  owner: GateOwner,
): Promise<SharedRateStore> {
  const pointer = ['rateLimits', 'shared'].reduce(
    childPointer,
    childPointer('/providers', owner.label),
  );
  // A secret resolves to a string, as the schema asks of both settings.
  const resolved = (await owner.resolveSecrets({ ...config }, pointer)) as typeof config;
  // Loaded on demand: a manifest without shared limits never loads the Redis client.
  const [{ budgetKeyOf }, { openSharedRateStore }] = await Promise.all([
    import('./budget-key.js'),
    import('./shared-rate-store.js'),
  ]);
  const budgetKey = budgetKeyOf({
    keyPrefix: resolved.keyPrefix,
    pluginName: owner.plugin.name,
    optionsSchema: owner.plugin.optionsSchema,
    options: owner.options,
    label: owner.label,
  });
  return openSharedRateStore({
    redisUrl: resolved.redisUrl,
    budgetKey,
    label: owner.label,
    log: owner.log,
  });
}
