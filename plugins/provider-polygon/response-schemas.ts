import type { JsonSchema } from '../../core/plugins/types.js';

// Polygon documents its numbers as JSON numbers; numeric strings are tolerated (and parsed)
// because the newer decimal fields arrive as strings.
const numeric: JsonSchema = { type: ['number', 'string'] };
const optionalNumeric: JsonSchema = { type: ['number', 'string', 'null'] };

/** One aggregate (bar) of `/v2/aggs/...`: `t` is the window start in Unix ms. */
const aggregate: JsonSchema = {
  type: 'object',
  required: ['o', 'h', 'l', 'c', 't'],
  properties: {
    T: { type: 'string' },
    o: numeric,
    h: numeric,
    l: numeric,
    c: numeric,
    v: optionalNumeric,
    vw: optionalNumeric,
    n: optionalNumeric,
    t: numeric,
  },
};

/**
 * Body of the aggregates endpoints (`/range/...` and `/prev`). An unknown ticker is a 200 with
 * `resultsCount: 0` and no `results` (older answers: `results: null`).
 */
export const aggregatesBodySchema: JsonSchema = {
  type: 'object',
  required: ['status'],
  properties: {
    status: { type: 'string' },
    ticker: { type: 'string' },
    resultsCount: { type: 'integer', minimum: 0 },
    results: { type: ['array', 'null'], items: aggregate },
    next_url: { type: 'string', minLength: 1 },
  },
};

/** A bar inside a snapshot (`day`, `prevDay`, `min`): zeros before the day's first trade. */
const snapshotBar: JsonSchema = {
  type: 'object',
  properties: {
    o: optionalNumeric,
    h: optionalNumeric,
    l: optionalNumeric,
    c: optionalNumeric,
    v: optionalNumeric,
    vw: optionalNumeric,
    t: optionalNumeric,
  },
};

/** One ticker of a snapshot; `lastTrade.t`, `lastQuote.t` and `updated` are Unix ns. */
const snapshotTicker: JsonSchema = {
  type: 'object',
  required: ['ticker'],
  properties: {
    ticker: { type: 'string' },
    todaysChange: optionalNumeric,
    todaysChangePerc: optionalNumeric,
    updated: optionalNumeric,
    day: snapshotBar,
    prevDay: snapshotBar,
    min: snapshotBar,
    lastTrade: {
      type: 'object',
      properties: { p: optionalNumeric, s: optionalNumeric, t: optionalNumeric },
    },
    lastQuote: {
      type: 'object',
      properties: { p: optionalNumeric, P: optionalNumeric, t: optionalNumeric },
    },
  },
};

/** Body of `/v2/snapshot/locale/us/markets/stocks/tickers?tickers=...`. */
export const snapshotsBodySchema: JsonSchema = {
  type: 'object',
  required: ['tickers'],
  properties: {
    status: { type: 'string' },
    count: { type: 'integer', minimum: 0 },
    tickers: { type: 'array', items: snapshotTicker },
  },
};

/** A numeric field as the schemas above let it through. */
export type PolygonNumber = number | string | null | undefined;

/** One aggregate, as {@link aggregatesBodySchema} guarantees it. */
export interface PolygonAggregate {
  readonly T?: string;
  readonly o: PolygonNumber;
  readonly h: PolygonNumber;
  readonly l: PolygonNumber;
  readonly c: PolygonNumber;
  readonly v?: PolygonNumber;
  readonly vw?: PolygonNumber;
  readonly t: PolygonNumber;
}

/** An aggregates body. */
export interface AggregatesBody {
  readonly status: string;
  readonly resultsCount?: number;
  readonly results?: readonly PolygonAggregate[] | null;
  readonly next_url?: string;
}

/** A snapshot bar. */
export interface SnapshotBar {
  readonly o?: PolygonNumber;
  readonly h?: PolygonNumber;
  readonly l?: PolygonNumber;
  readonly c?: PolygonNumber;
  readonly v?: PolygonNumber;
  readonly vw?: PolygonNumber;
  readonly t?: PolygonNumber;
}

/** One ticker of a snapshot body. */
export interface SnapshotTicker {
  readonly ticker: string;
  readonly todaysChange?: PolygonNumber;
  readonly todaysChangePerc?: PolygonNumber;
  readonly updated?: PolygonNumber;
  readonly day?: SnapshotBar;
  readonly prevDay?: SnapshotBar;
  readonly min?: SnapshotBar;
  readonly lastTrade?: { readonly p?: PolygonNumber; readonly t?: PolygonNumber };
  readonly lastQuote?: { readonly p?: PolygonNumber; readonly P?: PolygonNumber };
}

/** A snapshot body. */
export interface SnapshotsBody {
  readonly tickers: readonly SnapshotTicker[];
}
