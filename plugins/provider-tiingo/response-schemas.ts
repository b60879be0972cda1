import type { JsonSchema } from '../../core/plugins/types.js';

// Numbers are JSON numbers in Tiingo's documentation; strings are tolerated and parsed later.
const numeric: JsonSchema = { type: ['number', 'string'] };
const nullableNumeric: JsonSchema = { type: ['number', 'string', 'null'] };

/** One row of `/iex` and `/iex?tickers=`: top-of-book and session figures of one ticker. */
export interface IexRow {
  readonly ticker: string;
  readonly timestamp?: string | null;
  readonly lastSaleTimestamp?: string | null;
  readonly quoteTimestamp?: string | null;
  readonly last?: number | string | null;
  readonly tngoLast?: number | string | null;
  readonly prevClose?: number | string | null;
  readonly open?: number | string | null;
  readonly high?: number | string | null;
  readonly low?: number | string | null;
  readonly volume?: number | string | null;
  readonly bidPrice?: number | string | null;
  readonly askPrice?: number | string | null;
}

/** `/iex` answers with an array, even for one ticker. */
export const iexQuotesSchema: JsonSchema = {
  type: 'array',
  items: {
    type: 'object',
    required: ['ticker'],
    properties: {
      ticker: { type: 'string', minLength: 1 },
      timestamp: { type: ['string', 'null'] },
      lastSaleTimestamp: { type: ['string', 'null'] },
      quoteTimestamp: { type: ['string', 'null'] },
      last: nullableNumeric,
      tngoLast: nullableNumeric,
      prevClose: nullableNumeric,
      open: nullableNumeric,
      high: nullableNumeric,
      low: nullableNumeric,
      volume: nullableNumeric,
      bidPrice: nullableNumeric,
      askPrice: nullableNumeric,
    },
  },
};

/** One row of `/tiingo/daily/{ticker}/prices`. */
export interface DailyRow {
  /** Midnight UTC standing for the trading date: `2025-03-06T00:00:00.000Z`. */
  readonly date: string;
  readonly open: number | string;
  readonly high: number | string;
  readonly low: number | string;
  readonly close: number | string;
  readonly volume?: number | string | null;
  readonly adjOpen?: number | string | null;
  readonly adjHigh?: number | string | null;
  readonly adjLow?: number | string | null;
  readonly adjClose?: number | string | null;
  readonly adjVolume?: number | string | null;
}

/** `/tiingo/daily/{ticker}/prices`: an array of end-of-day rows. */
export const dailyPricesSchema: JsonSchema = {
  type: 'array',
  items: {
    type: 'object',
    required: ['date', 'open', 'high', 'low', 'close'],
    properties: {
      date: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}' },
      open: numeric,
      high: numeric,
      low: numeric,
      close: numeric,
      volume: nullableNumeric,
      adjOpen: nullableNumeric,
      adjHigh: nullableNumeric,
      adjLow: nullableNumeric,
      adjClose: nullableNumeric,
      adjVolume: nullableNumeric,
    },
  },
};

/** One row of `/iex/{ticker}/prices`. */
export interface IntradayRow {
  /** Bar start, ISO-8601 UTC. */
  readonly date: string;
  readonly open: number | string;
  readonly high: number | string;
  readonly low: number | string;
  readonly close: number | string;
  readonly volume?: number | string | null;
}

/** `/iex/{ticker}/prices?resampleFreq=...`: an array of intraday bars. */
export const intradayPricesSchema: JsonSchema = {
  type: 'array',
  items: {
    type: 'object',
    required: ['date', 'open', 'high', 'low', 'close'],
    properties: {
      date: { type: 'string' },
      open: numeric,
      high: numeric,
      low: numeric,
      close: numeric,
      volume: nullableNumeric,
    },
  },
};
