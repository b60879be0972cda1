import type { JsonSchema } from '../../core/plugins/types.js';
import { baseUrlOption, credentialOption, timeoutOption } from '../../core/providers/index.js';

/** Alpaca market-data feeds. */
export const alpacaFeeds = ['iex', 'sip', 'delayed_sip', 'boats', 'overnight', 'otc'] as const;

/** Alpaca market-data plans: they set the rate limit and which feeds are live. */
export const alpacaPlans = ['basic', 'algo-trader-plus'] as const;

/** Options of the `alpaca` provider, after validation and defaults. */
export interface AlpacaOptions {
  /** The key ID (`APCA-API-KEY-ID`); a `${secret:...}` reference in manifests. */
  readonly keyId: string;
  /** The secret key (`APCA-API-SECRET-KEY`); a `${secret:...}` reference in manifests. */
  readonly secretKey: string;
  /** Origin of the market-data API. */
  readonly baseUrl: string;
  /** Limit of one whole request, in ms. */
  readonly timeoutMs: number;
  /** Where prices come from: `iex` (one venue, free) or `sip` (all venues). */
  readonly feed: (typeof alpacaFeeds)[number];
  /** The account's market-data plan. */
  readonly plan: (typeof alpacaPlans)[number];
  /** Corporate-action adjustment of bars. */
  readonly adjustment: 'raw' | 'split' | 'dividend' | 'all';
}

/** JSON Schema of {@link AlpacaOptions}. */
export const alpacaOptionsSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['keyId', 'secretKey'],
  properties: {
    keyId: credentialOption('Alpaca API key ID, sent as the APCA-API-KEY-ID header.'),
    secretKey: credentialOption('Alpaca API secret key, sent as the APCA-API-SECRET-KEY header.'),
    baseUrl: baseUrlOption('https://data.alpaca.markets'),
    timeoutMs: timeoutOption,
    feed: {
      description:
        'Data feed: iex (one exchange, real time on every plan), sip (all US exchanges; the last 15 minutes need Algo Trader Plus), delayed_sip (all exchanges, 15 minutes late), or boats, overnight, otc.',
      type: 'string',
      enum: [...alpacaFeeds],
      default: 'iex',
    },
    plan: {
      description:
        'Market-data plan of the account: basic (free, 200 calls a minute) or algo-trader-plus (10,000 calls a minute).',
      type: 'string',
      enum: [...alpacaPlans],
      default: 'basic',
    },
    adjustment: {
      description:
        'Corporate-action adjustment of bars: raw (the API default), split, dividend or all.',
      type: 'string',
      enum: ['raw', 'split', 'dividend', 'all'],
      default: 'raw',
    },
  },
};
