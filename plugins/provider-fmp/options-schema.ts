import type { JsonSchema } from '../../core/plugins/types.js';
import { baseUrlOption, credentialOption, timeoutOption } from '../../core/providers/index.js';

/** FMP subscription plans: Basic (free) counts calls a day, paid plans calls a minute. */
export const fmpPlans = ['basic', 'starter', 'premium', 'ultimate'] as const;

/** An FMP subscription plan. */
export type FmpPlan = (typeof fmpPlans)[number];

/** When quotes use `/batch-quote`: on paid plans (`auto`), always, or never. */
export const batchModes = ['auto', 'always', 'never'] as const;

/** Which daily prices: split-adjusted (`/full`), dividend-adjusted, or as traded. */
export const adjustments = ['split', 'dividend', 'none'] as const;

/** Options of the `fmp` provider, after validation and defaults. */
export interface FmpOptions {
  /** API key, sent as the `apikey` query parameter. */
  readonly apiKey: string;
  /** Base URL of the `/stable` API. */
  readonly baseUrl: string;
  /** Limit of one HTTP request, in ms. */
  readonly timeoutMs: number;
  readonly plan: FmpPlan;
  readonly batchQuotes: (typeof batchModes)[number];
  readonly adjustment: (typeof adjustments)[number];
  /** IANA zone of the intraday `date` strings, which carry no offset. */
  readonly intradayTimeZone: string;
}

/** JSON Schema of {@link FmpOptions}. */
export const fmpOptionsSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['apiKey'],
  properties: {
    apiKey: credentialOption(
      'Financial Modeling Prep API key, sent as the apikey query parameter and scrubbed from every message.',
    ),
    baseUrl: baseUrlOption('https://financialmodelingprep.com/stable'),
    timeoutMs: timeoutOption,
    plan: {
      description:
        'Subscription plan of the key: basic (free, 250 calls a day), starter, premium or ultimate.',
      type: 'string',
      enum: [...fmpPlans],
      default: 'basic',
    },
    batchQuotes: {
      description:
        'Quote many symbols per call with /batch-quote: auto (on paid plans, falling back to one call per symbol if the plan refuses it), always, or never.',
      type: 'string',
      enum: [...batchModes],
      default: 'auto',
    },
    adjustment: {
      description:
        'Daily prices: split (split-adjusted, /historical-price-eod/full), dividend (dividend-adjusted) or none (as traded).',
      type: 'string',
      enum: [...adjustments],
      default: 'split',
    },
    intradayTimeZone: {
      description:
        'IANA time zone of the intraday bar times, which FMP sends without an offset (New York for US listings).',
      type: 'string',
      minLength: 1,
      default: 'America/New_York',
    },
  },
};
