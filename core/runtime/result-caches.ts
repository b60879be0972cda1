import type { CacheInstance } from '../plugins/types.js';
import { CachedProvider } from './cached-provider.js';
import { createInProcessCache } from './in-process-cache.js';
import type { ProviderLayer } from './provider-stack.js';

/**
 * A provider layer that puts each provider instance behind its result cache when its manifest
 * entry asks for one (`cacheTtlSeconds` or `failedCacheTtlSeconds` above 0); otherwise the
 * instance passes through unwrapped.
 *
 * The cache is the instance's `cache:` when named, else the first declared cache, else one
 * bounded in-process cache shared by every provider this layer wraps.
 */
export function resultCacheLayer(): ProviderLayer {
  let inProcess: CacheInstance | undefined;
  return (inner, { label, config, kernel, log, clock }) => {
    const { cacheTtlSeconds, failedCacheTtlSeconds } = config;
    if (cacheTtlSeconds <= 0 && failedCacheTtlSeconds <= 0) return inner;

    const cache = kernel.cache(config.cache) ?? (inProcess ??= createInProcessCache());
    const policy = { cacheTtlSeconds, failedCacheTtlSeconds };
    return new CachedProvider(inner, cache, label, policy, clock, log);
  };
}
