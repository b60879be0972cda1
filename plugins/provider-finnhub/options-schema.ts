import type { JsonSchema } from '../../core/plugins/types.js';
import { baseUrlOption, credentialOption, timeoutOption } from '../../core/providers/options.js';

/** Finnhub subscriptions, as far as they change what the adapter may call and how often. */
export type FinnhubPlan = 'free' | 'premium';

/** Options of the `finnhub` provider, after validation and defaults. */
export interface FinnhubOptions {
  /** API key, sent in the `X-Finnhub-Token` header. */
  readonly apiKey: string;
  /** Base URL of the REST API, `https://finnhub.io/api/v1` by default. */
  readonly baseUrl: string;
  /** Limit of one whole request, in ms. */
  readonly timeoutMs: number;
  /** The key's subscription: candles (bars) need a premium one. */
  readonly plan: FinnhubPlan;
  /** ISO 4217 code put on every quote: Finnhub's quote does not name its currency. */
  readonly currency: string;
}

/** JSON Schema of {@link FinnhubOptions}. */
export const finnhubOptionsSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['apiKey'],
  properties: {
    apiKey: credentialOption('Finnhub API key, sent in the X-Finnhub-Token header.'),
    baseUrl: baseUrlOption('https://finnhub.io/api/v1'),
    timeoutMs: timeoutOption,
    plan: {
      description:
        'Subscription of the key: free (quotes only, 60 calls a minute) or premium (quotes and candles).',
      type: 'string',
      enum: ['free', 'premium'],
      default: 'free',
    },
    currency: {
      description:
        "ISO 4217 code put on every quote, since Finnhub's quote does not say; free keys cover US listings, priced in USD.",
      type: 'string',
      pattern: '^[A-Z]{3}$',
      default: 'USD',
    },
  },
};
