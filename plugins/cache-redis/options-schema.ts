import type { JsonSchema } from '../../core/plugins/types.js';

/** Options of the `redis` cache, after defaults. */
export interface RedisCacheOptions {
  readonly url: string;
  readonly namespace: string;
  readonly connectTimeoutMs: number;
}

/** JSON Schema of the `redis` cache's options. */
export const redisCacheOptionsSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    url: {
      type: 'string',
      pattern: '^rediss?://',
      default: 'redis://127.0.0.1:6379',
      'x-secret': true,
      description:
        'Redis URL; rediss:// for TLS. A password in it makes it a secret: give it as ${secret:redis/url}.',
    },
    namespace: {
      type: 'string',
      pattern: '^[A-Za-z0-9_.-]*$',
      default: 'stockpoller',
      description: 'Prefix of every key, so that deployments sharing a Redis keep apart.',
    },
    connectTimeoutMs: {
      type: 'integer',
      minimum: 100,
      maximum: 120000,
      default: 5000,
      description: 'Milliseconds start() waits for the connection before startup fails.',
    },
  },
};
