import type { JsonSchema } from '../../core/plugins/types.js';
import { baseUrlOption, credentialOption, timeoutOption } from '../../core/providers/index.js';

/** Tiingo subscription tiers; the request allowances differ. */
export type TiingoPlan = 'free' | 'power';

/** Options of the `tiingo` provider, after validation and defaults. */
export interface TiingoOptions {
  /** API token, sent as `Authorization: Token <key>`. */
  readonly apiKey: string;
  readonly baseUrl: string;
  readonly timeoutMs: number;
  /** The subscription, which sets the default rate limits. */
  readonly plan: TiingoPlan;
  /** Most tickers asked for in one `/iex?tickers=` call. */
  readonly batchSize: number;
  /** Daily bars adjusted for splits and dividends (`adjOpen`...) instead of as traded. */
  readonly adjusted: boolean;
  /** Intraday bars include pre-market and after-hours trading. */
  readonly afterHours: boolean;
}

/** JSON Schema of {@link TiingoOptions}. */
export const tiingoOptionsSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['apiKey'],
  properties: {
    apiKey: credentialOption('Tiingo API token, sent in the Authorization header.'),
    baseUrl: baseUrlOption('https://api.tiingo.com'),
    timeoutMs: timeoutOption,
    plan: {
      description:
        'Tiingo subscription: free (50 requests an hour, 1,000 a day) or power; sets the default rate limits.',
      type: 'string',
      enum: ['free', 'power'],
      default: 'free',
    },
    batchSize: {
      description:
        'Most tickers asked for in one /iex?tickers= call; larger pipelines are split into several calls.',
      type: 'integer',
      minimum: 1,
      maximum: 500,
      default: 100,
    },
    adjusted: {
      description:
        'Daily bars adjusted for splits and dividends (adjOpen, adjClose...) instead of as traded.',
      type: 'boolean',
      default: false,
    },
    afterHours: {
      description: 'Intraday bars include pre-market and after-hours trading on IEX.',
      type: 'boolean',
      default: false,
    },
  },
};
