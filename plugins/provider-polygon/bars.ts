import { toIsoUtc } from '../../core/contract/time.js';
import type { Bar } from '../../core/contract/types.js';
import type { BarRequest } from '../../core/plugins/types.js';
import {
  asProviderFailure,
  dailyBarTimestamp,
  describeBars,
  fromUnix,
  noBarsFailure,
  parseBarWindow,
  providerFailure,
  sortBars,
  toDailyBarDate,
  toOptionalPrice,
  toOptionalVolume,
  toPrice,
  type BarWindow,
  type ProviderResponse,
} from '../../core/providers/index.js';
import { providerName, readPolygon, type PolygonApi } from './api.js';
import { aggregatesPageLimit, polygonIntervals, type AggregateSpan } from './capabilities.js';
import {
  aggregatesBodySchema,
  type AggregatesBody,
  type PolygonAggregate,
} from './response-schemas.js';

type PolygonRange = BarWindow<AggregateSpan>;

/** A runaway cursor stops here: 200 pages of 50,000 minutes is about 40 years of minutes. */
const maxPages = 200;

/**
 * Bars from `/v2/aggs/ticker/{T}/range/{multiplier}/{timespan}/{from}/{to}`, following
 * `next_url` to the last page. Daily bars are asked by New York date, intraday ones by Unix ms.
 * An empty answer (an unknown ticker looks the same as a range without trading) is `no_data`.
 */
export async function fetchAggregateBars(
  api: PolygonApi,
  request: BarRequest,
  signal?: AbortSignal,
): Promise<Bar[]> {
  const range = parseBarWindow(request, { provider: providerName, intervals: polygonIntervals });
  const what = describeBars(range);
  try {
    const aggregates = await fetchAllPages(api, range, what, signal);
    if (aggregates.length === 0) {
      const hint = 'Check the ticker, and ask for a range with trading days the plan covers.';
      throw noBarsFailure(range, hint);
    }
    return sortBars(aggregates.map((aggregate) => barOf(aggregate, range)));
  } catch (error) {
    throw asProviderFailure(error, what);
  }
}

async function fetchAllPages(
  api: PolygonApi,
  range: PolygonRange,
  what: string,
  signal?: AbortSignal,
): Promise<PolygonAggregate[]> {
  const { multiplier, timespan } = range.spec;
  const from = range.daily ? range.fromDate : String(range.fromMs);
  const to = range.daily ? range.toDate : String(range.toMs);
  const path = `/v2/aggs/ticker/${encodeURIComponent(range.symbol)}/range/${multiplier}/${timespan}/${from}/${to}`;
  const query = { adjusted: api.options.adjusted, sort: 'asc', limit: aggregatesPageLimit };

  const aggregates: PolygonAggregate[] = [];
  const seen = new Set<string>();
  let response: ProviderResponse = await api.http.get(path, query, signal);
  for (let page = 1; ; page++) {
    const body = readPolygon<AggregatesBody>(api, response, what, aggregatesBodySchema);
    aggregates.push(...(body.results ?? []));
    const next = body.next_url;
    if (next === undefined) {
      api.log.debug(
        { symbol: range.symbol, interval: range.interval, pages: page },
        'bars fetched',
      );
      return aggregates;
    }
    if (seen.has(next) || page >= maxPages) {
      throw providerFailure('malformed', `${what}: pagination did not end after ${page} pages`);
    }
    seen.add(next);
    response = await api.http.getUrl(cursorUrl(next, api.options.baseUrl), signal);
  }
}

/**
 * Where to ask for the next page. `next_url` names the API's own host and drops the key
 * (ProviderHttp adds the key again); a cursor on another host (the old polygon.io host, or the
 * real API behind a proxy) is asked of the configured base URL, never of that host.
 */
export function cursorUrl(next: string, baseUrl: string): string {
  const base = new URL(baseUrl);
  const url = new URL(next, base);
  if (url.origin === base.origin) return url.href;
  const prefix = base.pathname.replace(/\/$/, '');
  return `${base.origin}${prefix}${url.pathname}${url.search}`;
}

function barOf(aggregate: PolygonAggregate, range: PolygonRange): Bar {
  const what = `${range.interval} bar of ${range.symbol}`;
  const startMs = fromUnix(aggregate.t, 'ms', `${what} t`);
  // Range bars are stamped 00:00 New York; a midnight-UTC stamp would stand for its UTC date.
  const date = range.daily ? toDailyBarDate(startMs) : null;
  return {
    symbol: range.symbol,
    provider: providerName,
    interval: range.interval,
    date,
    timestamp: date === null ? toIsoUtc(startMs) : dailyBarTimestamp(date),
    open: toPrice(aggregate.o, `${what} o`),
    high: toPrice(aggregate.h, `${what} h`),
    low: toPrice(aggregate.l, `${what} l`),
    close: toPrice(aggregate.c, `${what} c`),
    volume: toOptionalVolume(aggregate.v, `${what} v`),
    vwap: toOptionalPrice(aggregate.vw, `${what} vw`),
  };
}
