import type { JsonSchema } from '../../core/plugins/types.js';

// Alpaca documents numbers as JSON numbers; numeric strings are tolerated and parsed.
const numeric: JsonSchema = { type: ['number', 'string'] };
const optionalNumeric: JsonSchema = { type: ['number', 'string', 'null'] };
const time: JsonSchema = { type: 'string', minLength: 1 };

/** A bar: `t` is its start as RFC-3339 UTC; `n` trades, `vw` volume-weighted price. */
const bar: JsonSchema = {
  type: 'object',
  required: ['t', 'o', 'h', 'l', 'c'],
  properties: {
    t: time,
    o: numeric,
    h: numeric,
    l: numeric,
    c: numeric,
    v: optionalNumeric,
    vw: optionalNumeric,
    n: optionalNumeric,
  },
};

/** One symbol of a snapshot; every part may be missing or null on a thin feed. */
const snapshot: JsonSchema = {
  type: 'object',
  properties: {
    latestTrade: {
      type: ['object', 'null'],
      required: ['t', 'p'],
      properties: { t: time, p: numeric, s: optionalNumeric },
    },
    latestQuote: {
      type: ['object', 'null'],
      properties: { t: time, ap: optionalNumeric, bp: optionalNumeric },
    },
    minuteBar: { anyOf: [bar, { type: 'null' }] },
    dailyBar: { anyOf: [bar, { type: 'null' }] },
    prevDailyBar: { anyOf: [bar, { type: 'null' }] },
  },
};

const snapshotsBySymbol: JsonSchema = {
  type: 'object',
  additionalProperties: snapshot,
};

/**
 * Body of `/v2/stocks/snapshots?symbols=...`: an object keyed by symbol. alpaca-py also
 * accepts it wrapped as `{snapshots: {...}}`, so both are read. Unknown symbols are absent.
 */
export const snapshotsBodySchema: JsonSchema = {
  anyOf: [
    { type: 'object', required: ['snapshots'], properties: { snapshots: snapshotsBySymbol } },
    snapshotsBySymbol,
  ],
};

/** Body of `/v2/stocks/bars`: bars keyed by symbol (unknown ones absent) and the next token. */
export const barsBodySchema: JsonSchema = {
  type: 'object',
  required: ['bars'],
  properties: {
    bars: {
      type: ['object', 'null'],
      additionalProperties: { type: ['array', 'null'], items: bar },
    },
    next_page_token: { type: ['string', 'null'] },
  },
};

/** A numeric field as the schemas above let it through. */
export type AlpacaNumber = number | string | null | undefined;

/** A bar, as {@link barsBodySchema} guarantees it. */
export interface AlpacaBar {
  readonly t: string;
  readonly o: AlpacaNumber;
  readonly h: AlpacaNumber;
  readonly l: AlpacaNumber;
  readonly c: AlpacaNumber;
  readonly v?: AlpacaNumber;
  readonly vw?: AlpacaNumber;
}

/** One symbol of a snapshot body. */
export interface AlpacaSnapshot {
  readonly latestTrade?: { readonly t: string; readonly p: AlpacaNumber } | null;
  readonly latestQuote?: { readonly ap?: AlpacaNumber; readonly bp?: AlpacaNumber } | null;
  readonly dailyBar?: AlpacaBar | null;
  readonly prevDailyBar?: AlpacaBar | null;
}

/** A snapshots body, in either of its two forms. */
export type SnapshotsBody =
  | { readonly snapshots: Readonly<Record<string, AlpacaSnapshot>> }
  | Readonly<Record<string, AlpacaSnapshot>>;

/** A bars body. */
export interface BarsBody {
  readonly bars: Readonly<Record<string, readonly AlpacaBar[] | null>> | null;
  readonly next_page_token?: string | null;
}
