import type { Logger } from 'pino';
import type { Manifest, ProviderInstanceConfig } from '../config/manifest.js';
import { StockpollerError } from '../errors/index.js';
import type { Kernel } from '../kernel/kernel.js';
import type { Clock, ProviderInstance } from '../plugins/types.js';
import { retryPolicyOf } from './backoff.js';
import { parseDuration } from './duration.js';
import { ResilientProvider, type ResilienceState } from './resilient-provider.js';
import { resultCacheLayer } from './result-caches.js';

/** The part of the kernel a provider stack reads: running instances and the event bus. */
export type StackKernel = Pick<Kernel, 'instance' | 'events' | 'cache'> &
  Partial<Pick<Kernel, 'rateGate'>>;

/** What a layer may use while wrapping the provider instance `label`. */
export interface ProviderLayerContext {
  readonly label: string;
  readonly config: ProviderInstanceConfig;
  readonly manifest: Manifest;
  readonly kernel: StackKernel;
  readonly log: Logger;
  readonly clock: Clock;
}

/** Wraps a provider instance in one more behaviour; it returns the wrapper. */
export type ProviderLayer = (
  inner: ProviderInstance,
  context: ProviderLayerContext,
) => ProviderInstance;

/** Concurrency bound, retries and circuit breaker, from the instance's manifest settings. */
export const resilienceLayer: ProviderLayer = (inner, { label, config, kernel, log, clock }) => {
  const rateGate = kernel.rateGate?.(label);
  return new ResilientProvider(inner, {
    provider: label,
    concurrency: config.concurrency,
    retry: retryPolicyOf(config.retry),
    failureThreshold: config.circuitBreaker.failureThreshold,
    openForMs: parseDuration(config.circuitBreaker.openFor),
    events: kernel.events,
    log,
    clock,
    ...(rateGate === undefined ? {} : { rateGate }),
  });
};

/**
 * The layers every provider instance of a deployment gets, innermost first: each wraps the one
 * before, and the last is what pipelines call. The result cache comes last, so a hit or a
 * remembered failure spends no concurrency slot, no retry and never counts against the circuit.
 */
export function defaultProviderLayers(): ProviderLayer[] {
  return [resilienceLayer, resultCacheLayer()];
}

/**
 * Builds, once per provider label, the stack of layers around the kernel's running instance,
 * so every pipeline polling that instance shares one concurrency bound and one circuit.
 */
export class ProviderStack {
  private readonly built = new Map<string, ProviderInstance>();
  private readonly resilient = new Map<string, ResilientProvider>();

  constructor(
    private readonly kernel: StackKernel,
    private readonly manifest: Manifest,
    private readonly log: Logger,
    private readonly clock: Clock,
    private readonly layers: readonly ProviderLayer[] = defaultProviderLayers(),
  ) {}

  /** The wrapped instance pipelines call for provider `label` (the same one every time). */
  provider(label: string): ProviderInstance {
    const existing = this.built.get(label);
    if (existing !== undefined) return existing;

    const config = this.manifest.providers[label];
    if (config === undefined) {
      throw new StockpollerError('SP_ERR_INTERNAL', `no provider "${label}" in the manifest`);
    }
    const context: ProviderLayerContext = {
      label,
      config,
      manifest: this.manifest,
      kernel: this.kernel,
      log: this.log,
      clock: this.clock,
    };
    let provider = this.kernel.instance('provider', label);
    for (const layer of this.layers) {
      provider = layer(provider, context);
      if (provider instanceof ResilientProvider) this.resilient.set(label, provider);
    }
    this.built.set(label, provider);
    return provider;
  }

  /** Concurrency and circuit of every provider instance built so far, by label. */
  resilienceStates(): Map<string, ResilienceState> {
    return new Map([...this.resilient].map(([label, provider]) => [label, provider.state()]));
  }
}
