import type { JsonSchema } from '../../core/plugins/types.js';
import { baseUrlOption, credentialOption, timeoutOption } from '../../core/providers/index.js';

/** Twelve Data subscription plans: they set the credits per minute and the daily cap. */
export const twelveDataPlans = ['basic', 'grow', 'pro', 'ultra', 'enterprise'] as const;

/** A Twelve Data subscription plan. */
export type TwelveDataPlan = (typeof twelveDataPlans)[number];

/** How `/time_series` adjusts prices for corporate actions (the API's `adjust` parameter). */
export const twelveDataAdjustments = ['all', 'splits', 'dividends', 'none'] as const;

/** Options of the `twelvedata` provider, after validation and defaults. */
export interface TwelveDataOptions {
  /** API key, sent as `Authorization: apikey <key>`. */
  readonly apiKey: string;
  /** Base URL of the REST API. */
  readonly baseUrl: string;
  /** Limit of one HTTP request, in ms. */
  readonly timeoutMs: number;
  /** The subscription plan of the key. */
  readonly plan: TwelveDataPlan;
  /** API credits per minute of the plan; undefined means the plan's smallest tier. */
  readonly creditsPerMinute?: number;
  /** Price adjustment of bars. */
  readonly adjust: (typeof twelveDataAdjustments)[number];
}

/** JSON Schema of {@link TwelveDataOptions}. */
export const twelveDataOptionsSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['apiKey'],
  properties: {
    apiKey: credentialOption('Twelve Data API key, sent in the Authorization header.'),
    baseUrl: baseUrlOption('https://api.twelvedata.com'),
    timeoutMs: timeoutOption,
    plan: {
      description:
        'Subscription plan of the key: basic (free) has a daily cap of 800 credits, paid plans have none.',
      type: 'string',
      enum: [...twelveDataPlans],
      default: 'basic',
    },
    creditsPerMinute: {
      description:
        'API credits per minute of the plan (the number in its name, e.g. 55 for Grow 55). Each symbol of a call costs one credit. Default: the smallest tier of the plan.',
      type: 'integer',
      minimum: 1,
      maximum: 1_000_000,
    },
    adjust: {
      description:
        'Price adjustment of bars: all, splits, dividends or none (the API parameter "adjust").',
      type: 'string',
      enum: [...twelveDataAdjustments],
      default: 'splits',
    },
  },
};
