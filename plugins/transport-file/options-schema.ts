import type { JsonSchema } from '../../core/plugins/types.js';

/** Options of the `file` transport, after validation and defaults. */
export interface FileOptions {
  /** The file appended to; relative paths are relative to the working directory. */
  readonly path: string;
  /** `envelope` writes whole envelopes; `record` writes only the quote or bar inside. */
  readonly format: 'envelope' | 'record';
  /** Rotate before the file would grow past this many bytes; 0 never rotates. */
  readonly maxBytes: number;
  /** Rotated files kept: `path.1` (newest) to `path.<maxFiles>`. */
  readonly maxFiles: number;
  /** `batch` flushes the file to disk before a batch counts as delivered; `never` leaves it to the OS. */
  readonly fsync: 'never' | 'batch';
}

/** JSON Schema of {@link FileOptions}. */
export const fileOptionsSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['path'],
  properties: {
    path: {
      description:
        'File the JSON lines are appended to, created if missing; relative to the working directory. Its directory must exist.',
      type: 'string',
      minLength: 1,
      examples: ['/var/lib/stockpoller/quotes.jsonl'],
    },
    format: {
      description:
        'What each line holds: the whole envelope (schema, id, fetchedAt, pipeline, record) or only the record.',
      enum: ['envelope', 'record'],
      default: 'envelope',
    },
    maxBytes: {
      description:
        'Rotate before the file would grow past this many bytes; 0 never rotates. A longer line gets a file of its own.',
      type: 'integer',
      minimum: 0,
      default: 104_857_600,
    },
    maxFiles: {
      description:
        'Rotated files kept, path.1 (newest) to path.<maxFiles>; the oldest is deleted on rotation.',
      type: 'integer',
      minimum: 1,
      maximum: 1000,
      default: 5,
    },
    fsync: {
      description:
        'batch: flush each batch to disk (fdatasync) before it counts as delivered. never: leave it to the operating system.',
      enum: ['never', 'batch'],
      default: 'batch',
    },
  },
};
