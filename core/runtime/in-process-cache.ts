import { LruStore } from '../../plugins/cache-memory/lru-store.js';
import type { CacheInstance } from '../plugins/types.js';

/** Entries of the cache a deployment without a declared cache keeps its results in. */
export const inProcessCacheEntries = 10_000;

/**
 * A bounded in-process cache for results when the manifest declares no cache: the memory
 * cache's LRU store without keyv. Values are stored as JSON text, so `get()` hands out a copy
 * that compares deep-equal to what was stored, as a shared cache would. A TTL of 0 or less
 * removes the entry.
 */
export function createInProcessCache(maxEntries = inProcessCacheEntries): CacheInstance {
  const store = new LruStore(maxEntries);
  return {
    get<T>(key: string): Promise<T | undefined> {
      const text = store.get(key);
      return Promise.resolve(typeof text === 'string' ? (JSON.parse(text) as T) : undefined);
    },

    set(key: string, value: unknown, ttlMs?: number): Promise<void> {
      if (ttlMs !== undefined && ttlMs <= 0) store.delete(key);
      else store.set(key, JSON.stringify(value), ttlMs);
      return Promise.resolve();
    },

    delete(key: string): Promise<boolean> {
      return Promise.resolve(store.delete(key));
    },

    stop(): Promise<void> {
      store.clear();
      return Promise.resolve();
    },
  };
}
