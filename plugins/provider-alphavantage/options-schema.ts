import type { JsonSchema } from '../../core/plugins/types.js';
import { baseUrlOption, credentialOption, timeoutOption } from '../../core/providers/options.js';

/** Alpha Vantage plans: free, or premium with its requests per minute. */
export type AlphaVantagePlan =
  'free' | 'premium-75' | 'premium-150' | 'premium-300' | 'premium-600' | 'premium-1200';

/** Which feed of US data the key is entitled to (`entitlement=` of the API). */
export type AlphaVantageEntitlement = 'end-of-day' | 'delayed' | 'realtime';

/** Options of the `alphavantage` provider, after validation and defaults. */
export interface AlphaVantageOptions {
  /** API key, sent as the `apikey` query parameter (the only way the API takes it). */
  readonly apiKey: string;
  /** Origin of the API, `https://www.alphavantage.co`; requests go to `/query` below it. */
  readonly baseUrl: string;
  readonly timeoutMs: number;
  readonly plan: AlphaVantagePlan;
  readonly entitlement: AlphaVantageEntitlement;
  /** Quote through REALTIME_BULK_QUOTES, up to 100 symbols a call (premium, realtime data). */
  readonly bulkQuotes: boolean;
  /** Split- and dividend-adjusted bars. */
  readonly adjusted: boolean;
  /** Intraday bars of the pre- and post-market sessions too. */
  readonly extendedHours: boolean;
  /** ISO 4217 code put on every quote: Alpha Vantage's quote does not name its currency. */
  readonly currency: string;
}

/** JSON Schema of {@link AlphaVantageOptions}. */
export const alphaVantageOptionsSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['apiKey'],
  properties: {
    apiKey: credentialOption(
      'Alpha Vantage API key, sent as the apikey query parameter (the API takes no header).',
    ),
    baseUrl: baseUrlOption('https://www.alphavantage.co'),
    timeoutMs: timeoutOption,
    plan: {
      description:
        'Plan of the key: free (25 requests a day, 1 a second) or premium-N (N requests a minute, no daily cap).',
      type: 'string',
      enum: ['free', 'premium-75', 'premium-150', 'premium-300', 'premium-600', 'premium-1200'],
      default: 'free',
    },
    entitlement: {
      description:
        'US data feed the key is entitled to: end-of-day (every key), delayed (15 minutes) or realtime; both of the latter need a premium plan.',
      type: 'string',
      enum: ['end-of-day', 'delayed', 'realtime'],
      default: 'end-of-day',
    },
    bulkQuotes: {
      description:
        'Quote through REALTIME_BULK_QUOTES, up to 100 symbols a call; needs a premium plan with realtime US data.',
      type: 'boolean',
      default: false,
    },
    adjusted: {
      description:
        'Split- and dividend-adjusted bars (daily ones come from TIME_SERIES_DAILY_ADJUSTED, a premium function).',
      type: 'boolean',
      default: false,
    },
    extendedHours: {
      description: 'Include pre-market and post-market intraday bars (04:00 to 20:00 New York).',
      type: 'boolean',
      default: false,
    },
    currency: {
      description:
        "ISO 4217 code put on every quote, since Alpha Vantage's quote does not say; US listings are in USD.",
      type: 'string',
      pattern: '^[A-Z]{3}$',
      default: 'USD',
    },
  },
};
