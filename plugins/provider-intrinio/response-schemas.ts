import type { JsonSchema } from '../../core/plugins/types.js';

// Intrinio documents JSON numbers; strings are tolerated and parsed later.
const numeric: JsonSchema = { type: ['number', 'string'] };
const nullableNumeric: JsonSchema = { type: ['number', 'string', 'null'] };
const nullableText: JsonSchema = { type: ['string', 'null'] };
const nextPage: JsonSchema = { type: ['string', 'null'] };

/** A `RealtimeStockPrice`: last trade, top of book and session figures of one security. */
export interface RealtimePrice {
  readonly last_price?: number | string | null;
  readonly last_time?: string | null;
  readonly updated_on?: string | null;
  readonly bid_price?: number | string | null;
  readonly ask_price?: number | string | null;
  readonly open_price?: number | string | null;
  readonly high_price?: number | string | null;
  readonly low_price?: number | string | null;
  readonly close_price?: number | string | null;
  readonly eod_close_price?: number | string | null;
  readonly exchange_volume?: number | string | null;
  readonly market_volume?: number | string | null;
  readonly security?: { readonly ticker?: string | null } | null;
}

const realtimePrice: JsonSchema = {
  type: 'object',
  required: ['last_price'],
  properties: {
    last_price: nullableNumeric,
    last_time: nullableText,
    updated_on: nullableText,
    bid_price: nullableNumeric,
    ask_price: nullableNumeric,
    open_price: nullableNumeric,
    high_price: nullableNumeric,
    low_price: nullableNumeric,
    close_price: nullableNumeric,
    eod_close_price: nullableNumeric,
    exchange_volume: nullableNumeric,
    market_volume: nullableNumeric,
    security: {
      type: ['object', 'null'],
      properties: { ticker: nullableText },
    },
  },
};

/** `/securities/{id}/prices/realtime`. */
export const realtimePriceSchema: JsonSchema = realtimePrice;

/** `/stock_exchanges/{id}/prices/realtime`: one page of prices. */
export interface ExchangeRealtimePage {
  readonly stock_prices: readonly RealtimePrice[];
  readonly next_page?: string | null;
}

export const exchangeRealtimeSchema: JsonSchema = {
  type: 'object',
  required: ['stock_prices'],
  properties: {
    stock_prices: {
      type: 'array',
      items: { ...realtimePrice, required: ['last_price', 'security'] },
    },
    next_page: nextPage,
  },
};

/** A `StockPriceSummary` of `/securities/{id}/prices`. */
export interface PriceSummary {
  /** Trading date, `YYYY-MM-DD`. */
  readonly date: string;
  readonly open: number | string;
  readonly high: number | string;
  readonly low: number | string;
  readonly close: number | string;
  readonly volume?: number | string | null;
  readonly adj_open?: number | string | null;
  readonly adj_high?: number | string | null;
  readonly adj_low?: number | string | null;
  readonly adj_close?: number | string | null;
  readonly adj_volume?: number | string | null;
}

/** `/securities/{id}/prices`: one page of daily summaries, newest first. */
export interface DailyPage {
  readonly stock_prices: readonly PriceSummary[];
  readonly next_page?: string | null;
}

export const dailyPageSchema: JsonSchema = {
  type: 'object',
  required: ['stock_prices'],
  properties: {
    stock_prices: {
      type: 'array',
      items: {
        type: 'object',
        required: ['date', 'open', 'high', 'low', 'close'],
        properties: {
          date: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' },
          open: numeric,
          high: numeric,
          low: numeric,
          close: numeric,
          volume: nullableNumeric,
          adj_open: nullableNumeric,
          adj_high: nullableNumeric,
          adj_low: nullableNumeric,
          adj_close: nullableNumeric,
          adj_volume: nullableNumeric,
        },
      },
    },
    next_page: nextPage,
  },
};

/** A `StockPriceInterval`: `time` is the start of the interval, `close_time` its end. */
export interface PriceInterval {
  readonly time: string;
  readonly open: number | string;
  readonly high: number | string;
  readonly low: number | string;
  readonly close: number | string;
  readonly volume?: number | string | null;
  readonly average?: number | string | null;
}

/** `/securities/{id}/prices/intervals`: one page of intraday bars, newest first. */
export interface IntervalPage {
  readonly intervals: readonly PriceInterval[];
  readonly next_page?: string | null;
}

export const intervalPageSchema: JsonSchema = {
  type: 'object',
  required: ['intervals'],
  properties: {
    intervals: {
      type: 'array',
      items: {
        type: 'object',
        required: ['time', 'open', 'high', 'low', 'close'],
        properties: {
          time: { type: 'string' },
          open: numeric,
          high: numeric,
          low: numeric,
          close: numeric,
          volume: nullableNumeric,
          average: nullableNumeric,
        },
      },
    },
    next_page: nextPage,
  },
};
