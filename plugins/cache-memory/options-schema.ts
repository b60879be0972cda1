import type { JsonSchema } from '../../core/plugins/types.js';

/** Options of the `memory` cache, after validation and defaults. */
export interface MemoryCacheOptions {
  /** Most entries kept; the least recently used one goes first. */
  readonly maxEntries: number;
  /** Prefix of every key inside the store (keyv's namespace). */
  readonly namespace: string;
}

/** JSON Schema of {@link MemoryCacheOptions}. */
export const memoryCacheOptionsSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    maxEntries: {
      description:
        'Most entries kept in memory. Past it, the least recently used entry is evicted.',
      type: 'integer',
      minimum: 1,
      maximum: 10000000,
      default: 10000,
    },
    namespace: {
      description: 'Prefix of every key inside the store (the keyv namespace).',
      type: 'string',
      pattern: '^[A-Za-z0-9_.-]*$',
      default: 'stockpoller',
    },
  },
};
