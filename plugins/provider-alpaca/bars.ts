import { toIsoUtc } from '../../core/contract/time.js';
import type { Bar } from '../../core/contract/types.js';
import type { BarRequest } from '../../core/plugins/types.js';
import {
  asProviderFailure,
  dailyBarTimestamp,
  describeBars,
  noBarsFailure,
  parseBarWindow,
  providerFailure,
  readInstant,
  sortBars,
  toDailyBarDate,
  toOptionalPrice,
  toOptionalVolume,
  toPrice,
  type BarWindow,
} from '../../core/providers/index.js';
import { providerName, readAlpaca, type AlpacaApi } from './api.js';
import { alpacaTimeframes, barPageLimit } from './capabilities.js';
import { barsBodySchema, type AlpacaBar, type BarsBody } from './response-schemas.js';

const barsPath = '/v2/stocks/bars';
/** A runaway token stops here: 500 pages of 10,000 bars is far beyond any range asked. */
const maxPages = 500;

/**
 * Bars from `/v2/stocks/bars`, following `next_page_token` (sent back as `page_token`, the
 * rest of the query unchanged) to the last page. Bounds go as RFC-3339 instants: a date
 * bound means the whole New York day. No bars at all is `no_data` (an unknown symbol is
 * simply absent from the answer).
 */
export async function fetchBars(
  api: AlpacaApi,
  request: BarRequest,
  signal?: AbortSignal,
): Promise<Bar[]> {
  const range = parseBarWindow(request, { provider: providerName, intervals: alpacaTimeframes });
  const what = describeBars(range);
  try {
    const rows = await fetchAllPages(api, range, what, signal);
    if (rows.length === 0)
      throw noBarsFailure(
        range,
        'Check the symbol, the feed, and that the range has trading days.',
      );
    return sortBars(rows.map((row) => barOf(row, range)));
  } catch (error) {
    throw asProviderFailure(error, what);
  }
}

async function fetchAllPages(
  api: AlpacaApi,
  range: BarWindow,
  what: string,
  signal?: AbortSignal,
): Promise<AlpacaBar[]> {
  const query = {
    symbols: range.symbol,
    timeframe: range.spec,
    start: toIsoUtc(range.fromMs),
    end: toIsoUtc(range.toMs),
    limit: barPageLimit,
    adjustment: api.options.adjustment,
    feed: api.options.feed,
    sort: 'asc',
  };
  const rows: AlpacaBar[] = [];
  const seen = new Set<string>();
  let pageToken: string | undefined;
  for (let page = 1; ; page++) {
    const response = await api.http.get(barsPath, { ...query, page_token: pageToken }, signal);
    const body = readAlpaca<BarsBody>(api, response, what, barsBodySchema);
    rows.push(...(body.bars?.[range.symbol] ?? []));
    const next = body.next_page_token ?? undefined;
    if (next === undefined || next === '') {
      api.log.debug(
        { symbol: range.symbol, interval: range.interval, pages: page },
        'bars fetched',
      );
      return rows;
    }
    if (seen.has(next) || page >= maxPages) {
      throw providerFailure('malformed', `${what}: pagination did not end after ${page} pages`);
    }
    seen.add(next);
    pageToken = next;
  }
}

function barOf(row: AlpacaBar, range: BarWindow): Bar {
  const what = `${range.interval} bar of ${range.symbol}`;
  const startMs = readInstant(row.t, `${what} t`);
  // Alpaca stamps daily bars 00:00 New York (reported, not specified): read either anchor.
  const date = range.daily ? toDailyBarDate(startMs) : null;
  return {
    symbol: range.symbol,
    provider: providerName,
    interval: range.interval,
    date,
    timestamp: date === null ? toIsoUtc(startMs) : dailyBarTimestamp(date),
    open: toPrice(row.o, `${what} o`),
    high: toPrice(row.h, `${what} h`),
    low: toPrice(row.l, `${what} l`),
    close: toPrice(row.c, `${what} c`),
    volume: toOptionalVolume(row.v, `${what} v`),
    vwap: toOptionalPrice(row.vw, `${what} vw`),
  };
}
