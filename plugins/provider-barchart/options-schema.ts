import type { JsonSchema } from '../../core/plugins/types.js';
import { baseUrlOption, credentialOption, timeoutOption } from '../../core/providers/index.js';

/** Options of the `barchart` provider, after validation and defaults. */
export interface BarchartOptions {
  /** OnDemand API key, sent as the `apikey` query parameter (the only way OnDemand takes it). */
  readonly apiKey: string;
  readonly baseUrl: string;
  readonly timeoutMs: number;
  /** Most symbols asked for in one `getQuote.json` call. */
  readonly batchSize: number;
  /** Daily bars adjusted for dividends (OnDemand's default) instead of as traded. */
  readonly adjusted: boolean;
}

/** JSON Schema of {@link BarchartOptions}. */
export const barchartOptionsSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['apiKey'],
  properties: {
    apiKey: credentialOption('Barchart OnDemand API key, sent as the apikey query parameter.'),
    baseUrl: baseUrlOption('https://ondemand.websol.barchart.com'),
    timeoutMs: timeoutOption,
    batchSize: {
      description:
        'Most symbols asked for in one getQuote.json call; larger pipelines are split into several calls.',
      type: 'integer',
      minimum: 1,
      maximum: 500,
      default: 100,
    },
    adjusted: {
      description: 'Daily bars adjusted for dividends (the OnDemand default) instead of as traded.',
      type: 'boolean',
      default: false,
    },
  },
};
