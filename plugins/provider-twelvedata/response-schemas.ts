import type { JsonSchema } from '../../core/plugins/types.js';

// Twelve Data sends prices and volumes as strings ("235.60000"); numbers are accepted too, and
// toNumber() rejects anything that does not parse.
const numeric: JsonSchema = { type: ['string', 'number'] };
const optionalNumeric: JsonSchema = { type: ['string', 'number', 'null'] };
const unixSeconds: JsonSchema = { type: ['integer', 'string'] };

/** One quote of `GET /quote`: the bare body for one symbol, or one entry of a batch. */
export const quoteSchema: JsonSchema = {
  type: 'object',
  required: ['symbol', 'close'],
  properties: {
    symbol: { type: 'string' },
    currency: { type: 'string' },
    datetime: { type: 'string' },
    timestamp: unixSeconds,
    last_quote_at: unixSeconds,
    open: optionalNumeric,
    high: optionalNumeric,
    low: optionalNumeric,
    close: numeric,
    volume: optionalNumeric,
    previous_close: optionalNumeric,
    change: optionalNumeric,
    percent_change: optionalNumeric,
    is_market_open: { type: 'boolean' },
  },
};

/** Fields of {@link quoteSchema} the adapter reads. */
export interface QuoteBody {
  readonly symbol: string;
  readonly currency?: string;
  readonly timestamp?: number | string;
  readonly last_quote_at?: number | string;
  readonly open?: unknown;
  readonly high?: unknown;
  readonly low?: unknown;
  readonly close: unknown;
  readonly volume?: unknown;
  readonly previous_close?: unknown;
  readonly change?: unknown;
  readonly percent_change?: unknown;
  readonly is_market_open?: boolean;
}

/** `GET /quote?symbol=A,B`: an object keyed by symbol, each entry a quote or an error. */
export const batchQuoteSchema: JsonSchema = {
  type: 'object',
  minProperties: 1,
  additionalProperties: { type: 'object' },
};

/** `GET /time_series`: meta and values, newest first, every value a string. */
export const timeSeriesSchema: JsonSchema = {
  type: 'object',
  required: ['meta', 'values'],
  properties: {
    meta: {
      type: 'object',
      properties: {
        symbol: { type: 'string' },
        interval: { type: 'string' },
        exchange_timezone: { type: 'string', minLength: 1 },
      },
    },
    values: {
      type: 'array',
      items: {
        type: 'object',
        required: ['datetime', 'open', 'high', 'low', 'close'],
        properties: {
          datetime: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}' },
          open: numeric,
          high: numeric,
          low: numeric,
          close: numeric,
          volume: optionalNumeric,
        },
      },
    },
  },
};

/** One row of `values`. */
export interface SeriesValue {
  readonly datetime: string;
  readonly open: unknown;
  readonly high: unknown;
  readonly low: unknown;
  readonly close: unknown;
  readonly volume?: unknown;
}

/** Fields of {@link timeSeriesSchema} the adapter reads. */
export interface TimeSeriesBody {
  readonly meta: { readonly exchange_timezone?: string };
  readonly values: readonly SeriesValue[];
}
