import type { JsonSchema } from '../../core/plugins/types.js';

/**
 * An object with at least one property whose name matches `pattern`: "not every name fails
 * the pattern". JSON Schema has no `required` for patterns, and Alpha Vantage varies the names
 * ("Global Quote - DATA DELAYED BY 15 MINUTES", "Time Series (5min)").
 */
function someNameMatching(pattern: string): JsonSchema {
  return {
    type: 'object',
    propertyNames: { type: 'string', not: { type: 'string', pattern } },
  };
}

/**
 * `function=GLOBAL_QUOTE`: `{"Global Quote": {"01. symbol": "IBM", ..., "10. change percent":
 * "-4.8471%"}}`, every value a string; `{"Global Quote": {}}` for an unknown symbol.
 */
export const globalQuoteSchema: JsonSchema = {
  type: 'object',
  not: someNameMatching('^Global Quote'),
  patternProperties: {
    '^Global Quote': {
      type: 'object',
      additionalProperties: { type: 'string' },
      anyOf: [
        { type: 'object', maxProperties: 0 },
        { type: 'object', required: ['01. symbol', '05. price', '07. latest trading day'] },
      ],
    },
  },
};

/** A GLOBAL_QUOTE body once {@link globalQuoteSchema} has accepted it. */
export type GlobalQuoteBody = Readonly<Record<string, Readonly<Record<string, string>>>>;

/**
 * `function=TIME_SERIES_*`: `{"Meta Data": {...}, "Time Series (Daily)": {"2026-03-06":
 * {"1. open": "...", ...}}}`, keyed by date or by local date and time, newest first.
 */
export const seriesSchema: JsonSchema = {
  type: 'object',
  required: ['Meta Data'],
  properties: {
    'Meta Data': { type: 'object', additionalProperties: { type: 'string' } },
  },
  not: someNameMatching('^Time Series'),
  patternProperties: {
    '^Time Series': {
      type: 'object',
      propertyNames: {
        type: 'string',
        pattern: '^\\d{4}-\\d{2}-\\d{2}( \\d{2}:\\d{2}(:\\d{2})?)?$',
      },
      additionalProperties: {
        type: 'object',
        propertyNames: { type: 'string', pattern: '^\\d+\\. [a-z ]+$' },
        additionalProperties: { type: 'string' },
      },
    },
  },
};

/** A TIME_SERIES_* body once {@link seriesSchema} has accepted it. */
export type SeriesBody = Readonly<
  Record<string, Readonly<Record<string, string | Readonly<Record<string, string>>>>>
>;

/**
 * `function=REALTIME_BULK_QUOTES` (premium): `{"endpoint": ..., "data": [{"symbol": "MSFT",
 * "timestamp": "2026-03-10 10:59:58.123", "close": "402.1000", "previous_close": ..., ...}]}`.
 * The shape is known from third-party clients only, so fields beyond `symbol` are loose.
 */
export const bulkQuotesSchema: JsonSchema = {
  type: 'object',
  required: ['data'],
  properties: {
    data: {
      type: 'array',
      items: {
        type: 'object',
        required: ['symbol'],
        properties: { symbol: { type: 'string' } },
        additionalProperties: { type: ['string', 'number', 'null'] },
      },
    },
  },
};

/** One entry of a REALTIME_BULK_QUOTES body. */
export type BulkQuoteEntry = Readonly<Record<string, string | number | null>> & {
  readonly symbol: string;
};

/** A REALTIME_BULK_QUOTES body once {@link bulkQuotesSchema} has accepted it. */
export interface BulkQuotesBody {
  readonly data: readonly BulkQuoteEntry[];
}
