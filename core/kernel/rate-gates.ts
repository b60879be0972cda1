import type { ProviderInstanceConfig } from '../config/manifest.js';
import type { FailureInfo } from '../errors/index.js';
import type { ProviderCapabilities, RateGate } from '../plugins/types.js';
import { RateLimiter } from '../runtime/rate-limiter.js';

/**
 * A provider's rate gate, handed to its context before `create()` and armed right after, once
 * the instance has declared its capabilities: a call made while creating is not limited.
 */
export class DeferredRateGate implements RateGate {
  private limiter: RateLimiter | undefined;

  /** Arms the gate with the declared limits and the manifest's overrides (0 lifts a window). */
  arm(capabilities: ProviderCapabilities, config: ProviderInstanceConfig): RateLimiter {
    const overrides: Record<string, number | null> = {};
    for (const [window, limit] of Object.entries(config.rateLimits ?? {})) {
      // `shared` says where the budget lives, not how large a window is.
      if (typeof limit === 'number') overrides[window] = limit === 0 ? null : limit;
    }
    this.limiter = new RateLimiter({
      limits: capabilities.rateLimits,
      overrides,
    });
    return this.limiter;
  }

  /** The armed limiter, for metrics; undefined before `arm()`. */
  get armed(): RateLimiter | undefined {
    return this.limiter;
  }

  acquire(cost = 1, signal?: AbortSignal): Promise<void> {
    return this.limiter === undefined ? Promise.resolve() : this.limiter.acquire(cost, signal);
  }

  penalize(failure: FailureInfo): Promise<boolean> {
    return this.limiter === undefined ? Promise.resolve(false) : this.limiter.penalize(failure);
  }
}
