import type { JsonSchema } from '../../core/plugins/types.js';
import { baseUrlOption, credentialOption, timeoutOption } from '../../core/providers/index.js';

/** Polygon (Massive) stock plans: they decide the quote endpoint and the rate limit. */
export const polygonPlans = ['basic', 'starter', 'developer', 'advanced'] as const;

/** A Polygon stock plan; `basic` is the free one. */
export type PolygonPlan = (typeof polygonPlans)[number];

/** Options of the `polygon` provider, after validation and defaults. */
export interface PolygonOptions {
  /** The API key; a `${secret:...}` reference in manifests. */
  readonly apiKey: string;
  /** Origin of the API. */
  readonly baseUrl: string;
  /** Limit of one whole request, in ms. */
  readonly timeoutMs: number;
  /** The key's stock plan: `basic` quotes from `/prev`, paid plans from snapshots. */
  readonly plan: PolygonPlan;
  /** Where the key goes: the `Authorization` header or the `apiKey` query parameter. */
  readonly auth: 'header' | 'query';
  /** Split-adjusted bars and previous-day quotes. */
  readonly adjusted: boolean;
}

/** JSON Schema of {@link PolygonOptions}. */
export const polygonOptionsSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['apiKey'],
  properties: {
    apiKey: credentialOption('Polygon (Massive) API key.'),
    baseUrl: baseUrlOption('https://api.massive.com'),
    timeoutMs: timeoutOption,
    plan: {
      description:
        'Stock plan of the key. basic (free) quotes the previous session from /prev, one call per symbol, 5 calls a minute; paid plans quote live snapshots in batches.',
      type: 'string',
      enum: [...polygonPlans],
      default: 'basic',
    },
    auth: {
      description:
        'How the key is sent: header (Authorization: Bearer) or query (apiKey=, for proxies that drop the header).',
      type: 'string',
      enum: ['header', 'query'],
      default: 'header',
    },
    adjusted: {
      description: 'Ask for split-adjusted bars and previous-day quotes (the API default).',
      type: 'boolean',
      default: true,
    },
  },
};
