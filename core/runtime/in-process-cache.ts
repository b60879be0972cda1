import { pino, type Logger } from 'pino';
import { createMemoryCache } from '../../plugins/cache-memory/memory-cache.js';
import type { CacheInstance } from '../plugins/types.js';

/** Entries of the cache a deployment without a declared cache keeps its results in. */
export const inProcessCacheEntries = 10_000;

/**
 * The cache results go to when the manifest declares none: the built-in `memory` cache (keyv
 * over a bounded LRU store) with its default options, private to this process. `get()` hands
 * out a copy that compares deep-equal to what was stored, as a shared cache would; a TTL of 0
 * or less removes the entry.
 */
export function createInProcessCache(
  maxEntries = inProcessCacheEntries,
  log: Logger = pino({ level: 'silent' }),
): CacheInstance {
  return createMemoryCache({ maxEntries, namespace: 'stockpoller' }, log);
}
