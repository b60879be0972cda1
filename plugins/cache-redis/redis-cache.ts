import KeyvRedis from '@keyv/redis';
import { Keyv } from 'keyv';
import type { Logger } from 'pino';
import { describeError } from '../../core/errors/index.js';
import type { CacheInstance, HealthStatus } from '../../core/plugins/types.js';
import { scrubSecrets } from '../../core/providers/scrub.js';
import type { RedisCacheOptions } from './options-schema.js';

/**
 * A cache in Redis: values are JSON through keyv, TTLs are Redis expiries (PX), keys live under
 * `<namespace>:`. A TTL of 0 or less removes the entry. Connection errors never carry the URL's
 * password.
 */
export function createRedisCache(options: RedisCacheOptions, log: Logger): CacheInstance {
  const store = new KeyvRedis(options.url, {
    throwOnConnectError: true,
    throwOnErrors: true,
    connectionTimeout: options.connectTimeoutMs,
  });
  const keyv = new Keyv({ store, namespace: options.namespace, throwOnErrors: true });
  const scrub = (text: string): string => scrubSecrets(text, passwordsOf(options.url));
  let stopped = false;
  keyv.on('error', (error: unknown) => {
    log.warn({ reason: scrub(describeError(error)) }, 'redis cache operation failed');
  });

  return {
    async start(): Promise<void> {
      try {
        const client = await store.getClient();
        await (client as unknown as { ping(): Promise<string> }).ping();
      } catch (error) {
        // The kernel wraps this into SP_ERR_PLUGIN_START_FAILED; the cause could carry the URL.
        // eslint-disable-next-line preserve-caught-error -- the original error may hold the password
        throw new Error(`cannot reach Redis: ${scrub(describeError(error))}`);
      }
      log.debug({ namespace: options.namespace }, 'redis cache connected');
    },

    get<T>(key: string): Promise<T | undefined> {
      return keyv.get<T>(key);
    },

    async set(key: string, value: unknown, ttlMs?: number): Promise<void> {
      // keyv reads a TTL of 0 as "keep forever"; here it means already expired.
      if (ttlMs !== undefined && ttlMs <= 0) {
        await keyv.delete(key);
        return;
      }
      await keyv.set(key, value, ttlMs);
    },

    delete(key: string): Promise<boolean> {
      return keyv.delete(key);
    },

    async health(): Promise<HealthStatus> {
      try {
        const client = await store.getClient();
        await (client as unknown as { ping(): Promise<string> }).ping();
        return { healthy: true };
      } catch (error) {
        return { healthy: false, detail: scrub(describeError(error)) };
      }
    },

    async stop(): Promise<void> {
      if (stopped) return;
      stopped = true;
      await store.disconnect().catch((error: unknown) => {
        log.warn({ reason: scrub(describeError(error)) }, 'redis cache did not close cleanly');
      });
    },
  };
}

function passwordsOf(url: string): string[] {
  try {
    const parsed = new URL(url);
    return [parsed.password, decodeURIComponent(parsed.password)].filter((p) => p !== '');
  } catch {
    return [];
  }
}
