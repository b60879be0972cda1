import type { JsonSchema } from '../../core/plugins/types.js';

const nullableNumber = { type: ['number', 'null'] };
const numberList = { type: 'array', items: { type: 'number' } };

/**
 * `GET /quote`: `{c, d, dp, h, l, o, pc, t}`. The OpenAPI spec lists c/d/dp/h/l/o/pc as
 * floats; `t` (Unix seconds) is sent but not specified, so it is optional. `d` and `dp` are
 * null for a symbol Finnhub does not know.
 */
export const quoteSchema: JsonSchema = {
  type: 'object',
  required: ['c'],
  properties: {
    c: nullableNumber,
    d: nullableNumber,
    dp: nullableNumber,
    h: nullableNumber,
    l: nullableNumber,
    o: nullableNumber,
    pc: nullableNumber,
    t: nullableNumber,
  },
};

/** A `/quote` body once {@link quoteSchema} has accepted it. */
export interface QuoteBody {
  readonly c: number | null;
  readonly d?: number | null;
  readonly dp?: number | null;
  readonly h?: number | null;
  readonly l?: number | null;
  readonly o?: number | null;
  readonly pc?: number | null;
  readonly t?: number | null;
}

/**
 * `GET /stock/candle`: parallel arrays `{c, h, l, o, t, v, s: "ok"}`, or `{s: "no_data"}` when
 * the range holds no bar.
 */
export const candleSchema: JsonSchema = {
  type: 'object',
  required: ['s'],
  properties: {
    s: { type: 'string' },
    c: numberList,
    h: numberList,
    l: numberList,
    o: numberList,
    t: numberList,
    v: numberList,
  },
  if: { type: 'object', properties: { s: { const: 'ok' } } },
  then: { type: 'object', required: ['c', 'h', 'l', 'o', 't'] },
};

/** A `/stock/candle` body once {@link candleSchema} has accepted it. */
export interface CandleBody {
  readonly s: string;
  readonly c?: readonly number[];
  readonly h?: readonly number[];
  readonly l?: readonly number[];
  readonly o?: readonly number[];
  readonly t?: readonly number[];
  readonly v?: readonly number[];
}
