import type { JsonSchema } from '../../core/plugins/types.js';

/** Options of the `stdout` transport, after validation and defaults. */
export interface StdoutOptions {
  /** `envelope` writes whole envelopes; `record` writes only the quote or bar inside. */
  readonly format: 'envelope' | 'record';
  /** Indent each JSON value by 2 spaces (still one JSON value per message). */
  readonly pretty: boolean;
}

/** JSON Schema of {@link StdoutOptions}. */
export const stdoutOptionsSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    format: {
      description:
        'What each line holds: the whole envelope (schema, id, fetchedAt, pipeline, record) or only the record.',
      enum: ['envelope', 'record'],
      default: 'envelope',
    },
    pretty: {
      description:
        'Indent each JSON value by 2 spaces for reading by eye. Each message is still one JSON value, followed by a newline.',
      type: 'boolean',
      default: false,
    },
  },
};
