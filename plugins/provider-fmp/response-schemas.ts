import type { JsonSchema } from '../../core/plugins/types.js';

const number: JsonSchema = { type: 'number' };
const nullableNumber: JsonSchema = { type: ['number', 'null'] };

/** One quote of `/quote` and `/batch-quote` (numbers; `changesPercentage` is the v3 spelling). */
export const quoteItemSchema: JsonSchema = {
  type: 'object',
  required: ['symbol', 'price', 'timestamp'],
  properties: {
    symbol: { type: 'string' },
    price: number,
    changePercentage: nullableNumber,
    changesPercentage: nullableNumber,
    change: nullableNumber,
    volume: nullableNumber,
    dayLow: nullableNumber,
    dayHigh: nullableNumber,
    open: nullableNumber,
    previousClose: nullableNumber,
    timestamp: number,
  },
};

/** Fields of {@link quoteItemSchema} the adapter reads. */
export interface QuoteItem {
  readonly symbol: string;
  readonly price: number;
  readonly changePercentage?: number | null;
  readonly changesPercentage?: number | null;
  readonly change?: number | null;
  readonly volume?: number | null;
  readonly dayLow?: number | null;
  readonly dayHigh?: number | null;
  readonly open?: number | null;
  readonly previousClose?: number | null;
  readonly timestamp: number;
}

/** `/quote` and `/batch-quote`: an array, `[]` for unknown symbols. Items are checked one by one. */
export const quoteListSchema: JsonSchema = { type: 'array', items: { type: 'object' } };

/**
 * `/historical-price-eod/{full,dividend-adjusted,non-split-adjusted}`: a flat array, newest
 * first. `/full` has open..close and vwap; the other two spell their prices adjOpen..adjClose.
 */
export const eodSchema: JsonSchema = {
  type: 'array',
  items: {
    type: 'object',
    required: ['date'],
    anyOf: [
      { required: ['open', 'high', 'low', 'close'] },
      { required: ['adjOpen', 'adjHigh', 'adjLow', 'adjClose'] },
    ],
    properties: {
      date: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}' },
      open: number,
      high: number,
      low: number,
      close: number,
      adjOpen: number,
      adjHigh: number,
      adjLow: number,
      adjClose: number,
      volume: nullableNumber,
      vwap: nullableNumber,
    },
  },
};

/** One row of {@link eodSchema}. */
export interface EodRow {
  readonly date: string;
  readonly open?: number;
  readonly high?: number;
  readonly low?: number;
  readonly close?: number;
  readonly adjOpen?: number;
  readonly adjHigh?: number;
  readonly adjLow?: number;
  readonly adjClose?: number;
  readonly volume?: number | null;
  readonly vwap?: number | null;
}

/** `/historical-chart/{interval}`: an array, newest first, of local `YYYY-MM-DD HH:MM:SS` bars. */
export const intradaySchema: JsonSchema = {
  type: 'array',
  items: {
    type: 'object',
    required: ['date', 'open', 'high', 'low', 'close'],
    properties: {
      date: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}[ T]\\d{2}:\\d{2}' },
      open: number,
      high: number,
      low: number,
      close: number,
      volume: nullableNumber,
    },
  },
};

/** One row of {@link intradaySchema}. */
export interface IntradayRow {
  readonly date: string;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume?: number | null;
}
