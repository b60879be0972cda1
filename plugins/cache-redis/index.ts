import { definePlugin } from '../../core/plugins/define.js';
import { redisCacheOptionsSchema, type RedisCacheOptions } from './options-schema.js';

/**
 * The `redis` cache: keyv over @keyv/redis, shared by every replica that points at the same
 * Redis and namespace. The Redis client is imported on create(), never to validate a manifest.
 */
export default definePlugin<'cache', RedisCacheOptions>({
  kind: 'cache',
  name: 'redis',
  version: '0.1.0',
  core: '^0.1.0',
  description: 'Redis cache through keyv, shared by replicas (TTL per entry).',
  optionsSchema: redisCacheOptionsSchema,
  async create(context, options) {
    const { createRedisCache } = await import('./redis-cache.js');
    return createRedisCache(options, context.log);
  },
});
