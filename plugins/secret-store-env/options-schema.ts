import type { JsonSchema } from '../../core/plugins/types.js';

/** Options of the `env` secret store, after validation and defaults. */
export interface EnvSecretOptions {
  /** Put in front of every variable name, as written (for example `STOCKPOLLER_`). */
  readonly prefix: string;
  /** How a secret path becomes a variable name. */
  readonly naming: 'upper-snake' | 'exact';
}

/** JSON Schema of {@link EnvSecretOptions}. */
export const envSecretOptionsSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    prefix: {
      description:
        'Text put in front of every variable name, as written (naming does not change it).',
      type: 'string',
      pattern: '^[A-Za-z0-9_]*$',
      default: '',
      examples: ['STOCKPOLLER_'],
    },
    naming: {
      description:
        'How a secret path becomes a variable name: upper-snake turns polygon/api-key into POLYGON_API_KEY (every character other than a letter, digit or _ becomes _, then upper case); exact uses the path as it is.',
      enum: ['upper-snake', 'exact'],
      default: 'upper-snake',
    },
  },
};
