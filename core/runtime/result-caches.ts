import type { Logger } from 'pino';
import type { Manifest } from '../config/manifest.js';
import type { Kernel } from '../kernel/kernel.js';
import type { CacheInstance, Clock, ProviderInstance } from '../plugins/types.js';
import { CachedProvider } from './cached-provider.js';
import { createInProcessCache } from './in-process-cache.js';

/**
 * Hands out the provider instances pipelines poll: each running provider behind its result
 * cache when its manifest entry asks for one (`cacheTtlSeconds` or `failedCacheTtlSeconds`
 * above 0), one wrapper per provider label so every pipeline of an instance shares it.
 *
 * The cache is the instance's `cache:` when named, else the first declared cache, else a
 * bounded in-process cache shared by the providers of this deployment.
 */
export class ResultCaches {
  private readonly providers = new Map<string, ProviderInstance>();
  private inProcess: CacheInstance | undefined;

  constructor(
    private readonly kernel: Kernel,
    private readonly manifest: Manifest,
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {}

  /** The provider instance `label` as pipelines should poll it. */
  providerOf(label: string): ProviderInstance {
    let provider = this.providers.get(label);
    if (provider === undefined) {
      provider = this.wrap(label, this.kernel.instance('provider', label));
      this.providers.set(label, provider);
    }
    return provider;
  }

  private wrap(label: string, inner: ProviderInstance): ProviderInstance {
    const config = this.manifest.providers[label];
    if (config === undefined) return inner;
    const { cacheTtlSeconds, failedCacheTtlSeconds } = config;
    if (cacheTtlSeconds <= 0 && failedCacheTtlSeconds <= 0) return inner;

    const cache = this.kernel.cache(config.cache) ?? (this.inProcess ??= createInProcessCache());
    const policy = { cacheTtlSeconds, failedCacheTtlSeconds };
    return new CachedProvider(inner, cache, label, policy, this.clock, this.log);
  }
}
