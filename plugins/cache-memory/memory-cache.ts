import { Keyv } from 'keyv';
import type { Logger } from 'pino';
import type { CacheInstance } from '../../core/plugins/types.js';
import { LruStore } from './lru-store.js';
import type { MemoryCacheOptions } from './options-schema.js';

/**
 * Creates an in-process cache: keyv over a bounded LRU store. Values go through keyv's JSON
 * serialization, so `get()` returns a copy and never the object that was stored. A TTL of 0
 * or less expires the entry at once.
 */
export function createMemoryCache(options: MemoryCacheOptions, log: Logger): CacheInstance {
  const store = new LruStore(options.maxEntries);
  const keyv = new Keyv({ store, namespace: options.namespace, throwOnErrors: true });
  keyv.on('error', (error: unknown) => {
    log.warn({ err: error }, 'memory cache operation failed');
  });

  return {
    get<T>(key: string): Promise<T | undefined> {
      return keyv.get<T>(key);
    },

    async set(key: string, value: unknown, ttlMs?: number): Promise<void> {
      // keyv reads a TTL of 0 as "no TTL"; here it means already expired.
      if (ttlMs !== undefined && ttlMs <= 0) {
        await keyv.delete(key);
        return;
      }
      await keyv.set(key, value, ttlMs);
    },

    delete(key: string): Promise<boolean> {
      return keyv.delete(key);
    },

    // Clearing twice is harmless, so stop() is idempotent.
    async stop(): Promise<void> {
      await keyv.clear();
    },
  };
}
