import { definePlugin } from '../../core/plugins/define.js';
import { memoryCacheOptionsSchema, type MemoryCacheOptions } from './options-schema.js';

/** The `memory` cache: keyv over a bounded LRU map, private to this process. */
export default definePlugin<'cache', MemoryCacheOptions>({
  kind: 'cache',
  name: 'memory',
  version: '0.1.0',
  core: '^0.1.0',
  description: 'In-process LRU cache with TTLs (keyv), lost on restart.',
  optionsSchema: memoryCacheOptionsSchema,
  async create(context, options) {
    // keyv is only loaded when a memory cache is actually created.
    const { createMemoryCache } = await import('./memory-cache.js');
    return createMemoryCache(options, context.log);
  },
});
