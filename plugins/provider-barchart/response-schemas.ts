import type { JsonSchema } from '../../core/plugins/types.js';

// OnDemand sends JSON numbers; strings are tolerated and parsed later.
const numeric: JsonSchema = { type: ['number', 'string'] };
const nullableNumeric: JsonSchema = { type: ['number', 'string', 'null'] };
const nullableText: JsonSchema = { type: ['string', 'null'] };

/** Every OnDemand body: `status.code` is the real result, whatever the HTTP status. */
export interface BarchartEnvelope<T> {
  readonly status: { readonly code: number | string; readonly message?: string };
  readonly results: readonly T[] | null;
}

const status: JsonSchema = {
  type: 'object',
  required: ['code'],
  properties: { code: numeric, message: { type: 'string' } },
};

/** One result of `getQuote.json`. */
export interface QuoteResult {
  readonly symbol: string;
  readonly lastPrice?: number | string | null;
  /** ISO-8601 with a US/Central offset. */
  readonly tradeTimestamp?: string | null;
  readonly serverTimestamp?: string | null;
  readonly netChange?: number | string | null;
  readonly percentChange?: number | string | null;
  readonly open?: number | string | null;
  readonly high?: number | string | null;
  readonly low?: number | string | null;
  readonly close?: number | string | null;
  readonly previousClose?: number | string | null;
  readonly volume?: number | string | null;
  readonly currency?: string | null;
}

export const quoteEnvelopeSchema: JsonSchema = {
  type: 'object',
  required: ['status', 'results'],
  properties: {
    status,
    results: {
      type: ['array', 'null'],
      items: {
        type: 'object',
        required: ['symbol'],
        properties: {
          symbol: { type: 'string', minLength: 1 },
          lastPrice: nullableNumeric,
          tradeTimestamp: nullableText,
          serverTimestamp: nullableText,
          netChange: nullableNumeric,
          percentChange: nullableNumeric,
          open: nullableNumeric,
          high: nullableNumeric,
          low: nullableNumeric,
          close: nullableNumeric,
          previousClose: nullableNumeric,
          volume: nullableNumeric,
          currency: nullableText,
        },
      },
    },
  },
};

/** One result of `getHistory.json`. */
export interface HistoryResult {
  /** Bar time with an Eastern offset; 00:00 of the trading day for daily bars. */
  readonly timestamp: string;
  /** Trading date `YYYY-MM-DD`. */
  readonly tradingDay?: string | null;
  readonly open: number | string;
  readonly high: number | string;
  readonly low: number | string;
  readonly close: number | string;
  readonly volume?: number | string | null;
}

export const historyEnvelopeSchema: JsonSchema = {
  type: 'object',
  required: ['status', 'results'],
  properties: {
    status,
    results: {
      type: ['array', 'null'],
      items: {
        type: 'object',
        required: ['timestamp', 'open', 'high', 'low', 'close'],
        properties: {
          timestamp: { type: 'string' },
          tradingDay: { type: ['string', 'null'], pattern: '^\\d{4}-\\d{2}-\\d{2}$' },
          open: numeric,
          high: numeric,
          low: numeric,
          close: numeric,
          volume: nullableNumeric,
        },
      },
    },
  },
};
