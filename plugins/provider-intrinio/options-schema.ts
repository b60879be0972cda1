import type { JsonSchema } from '../../core/plugins/types.js';
import { baseUrlOption, credentialOption, timeoutOption } from '../../core/providers/index.js';

/** Options of the `intrinio` provider, after validation and defaults. */
export interface IntrinioOptions {
  /** API key, sent as `Authorization: Bearer <key>` or as `api_key=`. */
  readonly apiKey: string;
  readonly baseUrl: string;
  readonly timeoutMs: number;
  /** Where the key goes: the `Authorization` header (default) or the `api_key` query parameter. */
  readonly sendKeyAs: 'header' | 'query';
  /** Stock exchange identifier (MIC or Intrinio id) of batch quote calls. */
  readonly exchange: string;
  /** Comma-separated realtime sources (`iex,delayed_sip`); absent means the best available. */
  readonly source?: string;
  /** Daily bars adjusted for splits and dividends (`adj_open`...) instead of as traded. */
  readonly adjusted: boolean;
}

/** JSON Schema of {@link IntrinioOptions}. */
export const intrinioOptionsSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['apiKey'],
  properties: {
    apiKey: credentialOption('Intrinio API key.'),
    baseUrl: baseUrlOption('https://api-v2.intrinio.com'),
    timeoutMs: timeoutOption,
    sendKeyAs: {
      description:
        'Where the key goes: the Authorization: Bearer header, or the api_key query parameter (for proxies that strip headers).',
      type: 'string',
      enum: ['header', 'query'],
      default: 'header',
    },
    exchange: {
      description:
        'Stock exchange identifier (MIC or Intrinio id) of batch quote calls; USCOMP is the US composite.',
      type: 'string',
      pattern: '^[A-Za-z0-9_]{2,20}$',
      default: 'USCOMP',
    },
    source: {
      description:
        'Comma-separated realtime price sources, e.g. iex,delayed_sip or nasdaq_basic; left out, Intrinio picks the best source the subscription has.',
      type: 'string',
      pattern: '^[a-z_]+(,[a-z_]+)*$',
      examples: ['iex,delayed_sip'],
    },
    adjusted: {
      description:
        'Daily bars adjusted for splits and dividends (adj_open, adj_close...) instead of as traded.',
      type: 'boolean',
      default: false,
    },
  },
};
