import type { JsonSchema } from '../../core/plugins/types.js';

/** Options of the `simulated` provider, after validation and defaults. */
export interface SimulatedOptions {
  /** Seed of every random path; the same seed gives the same prices. */
  readonly seed: number;
  /** Annualized volatility of the price walk (0.3 = 30 %). */
  readonly volatility: number;
  /** Price of each symbol on 2026-01-01; symbols not listed get a stable price from 10 to 500. */
  readonly basePrices?: Readonly<Record<string, number>>;
  /** ISO 4217 code put on every quote. */
  readonly currency: string;
  /** Symbols that fail with SP_ERR_PROVIDER_NOT_FOUND, to exercise error paths. */
  readonly unknownSymbols: readonly string[];
}

const symbolPattern = '^[A-Z0-9][A-Z0-9.\\-^=:/]{0,31}$';

/** JSON Schema of {@link SimulatedOptions}. */
export const simulatedOptionsSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    seed: {
      description: 'Seed of the random price paths: the same seed gives the same prices.',
      type: 'integer',
      minimum: 0,
      maximum: 4294967295,
      default: 42,
    },
    volatility: {
      description: 'Annualized volatility of the price walk: 0.3 means 30 % a year.',
      type: 'number',
      minimum: 0,
      maximum: 5,
      default: 0.3,
    },
    basePrices: {
      description:
        'Price of each symbol on 2026-01-01. Symbols not listed get a stable price between 10 and 500 derived from the symbol.',
      type: 'object',
      propertyNames: { type: 'string', pattern: symbolPattern },
      additionalProperties: { type: 'number', exclusiveMinimum: 0 },
      examples: [{ AAPL: 230, MSFT: 420 }],
    },
    currency: {
      description: 'ISO 4217 currency code put on every quote.',
      type: 'string',
      pattern: '^[A-Z]{3}$',
      default: 'USD',
    },
    unknownSymbols: {
      description:
        'Symbols that fail with SP_ERR_PROVIDER_NOT_FOUND ("symbol not found"), to exercise error handling.',
      type: 'array',
      uniqueItems: true,
      items: { type: 'string', pattern: symbolPattern },
      default: [],
      examples: [['NOPE']],
    },
  },
};
