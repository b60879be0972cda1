import { toIsoUtc } from '../../core/contract/time.js';
import type { Bar } from '../../core/contract/types.js';
import {
  dailyBarTimestamp,
  describeBars,
  fromUnix,
  isBarComplete,
  isBarInWindow,
  providerFailure,
  sortBars,
  toDailyBarDate,
  toNumber,
  type BarWindow,
} from '../../core/providers/index.js';
import type { FinnhubClient } from './finnhub-client.js';
import { candleSchema, type CandleBody } from './response-schemas.js';

/** What bars need besides the window. */
export interface BarSettings {
  readonly provider: string;
  readonly nowMs: number;
}

const dayMs = 86_400_000;

/**
 * Bars from `GET /stock/candle` (premium). Only completed bars are returned, sorted; a range
 * with no bar is a `no_data` error, as Finnhub answers `{s: "no_data"}` for it.
 */
export async function fetchFinnhubBars(
  client: FinnhubClient,
  window: BarWindow,
  settings: BarSettings,
  signal?: AbortSignal,
): Promise<Bar[]> {
  const what = describeBars(window);
  // Daily candles may be stamped at midnight UTC or New York, so ask a day more on each side
  // and keep the trading dates asked for.
  const margin = window.daily ? dayMs : 0;
  const query = {
    symbol: window.symbol,
    resolution: window.spec,
    from: Math.floor((window.fromMs - margin) / 1000),
    to: Math.ceil((window.toMs + margin) / 1000),
  };
  const body = await client.get<CandleBody>('/stock/candle', query, what, candleSchema, signal);
  if (body.s !== 'ok') {
    const kind = body.s === 'no_data' ? 'no_data' : 'malformed';
    throw providerFailure(
      kind,
      `${what}: Finnhub answered s = "${body.s}" for ${window.fromDate} to ${window.toDate}`,
    );
  }

  // In the window asked for, and complete by now (a bar still forming would change later).
  const bars = mapCandles(body, window, settings.provider, what).filter(
    (bar) => isBarInWindow(bar, window) && isBarComplete(bar, window, settings.nowMs),
  );
  return sortBars(bars);
}

/** Contract bars from the parallel arrays of a candle body. */
function mapCandles(body: CandleBody, window: BarWindow, provider: string, what: string): Bar[] {
  const times = body.t ?? [];
  const columns = [body.o, body.h, body.l, body.c, ...(body.v === undefined ? [] : [body.v])];
  if (columns.some((column) => column?.length !== times.length)) {
    throw providerFailure('malformed', `${what}: the candle arrays differ in length`);
  }
  return times.map((t, i) => {
    const startMs = fromUnix(t, 's', `${what}: t[${i}]`);
    // Daily candles are anchored at midnight UTC or New York: undocumented, so either is read.
    const date = window.daily ? toDailyBarDate(startMs) : null;
    return {
      symbol: window.symbol,
      provider,
      interval: window.interval,
      date,
      timestamp: date === null ? toIsoUtc(startMs) : dailyBarTimestamp(date),
      open: toNumber(body.o?.[i], `${what}: o[${i}]`),
      high: toNumber(body.h?.[i], `${what}: h[${i}]`),
      low: toNumber(body.l?.[i], `${what}: l[${i}]`),
      close: toNumber(body.c?.[i], `${what}: c[${i}]`),
      volume: body.v === undefined ? null : toNumber(body.v[i], `${what}: v[${i}]`),
    };
  });
}
