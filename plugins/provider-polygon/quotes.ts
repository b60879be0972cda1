import type { Quote } from '../../core/contract/types.js';
import type { FailureKind } from '../../core/errors/index.js';
import type { QuoteOutcome } from '../../core/plugins/types.js';
import {
  mapBatchAnswer,
  providerFailure,
  quoteEach,
  quoteInBatches,
} from '../../core/providers/index.js';
import { readPolygon, type PolygonApi } from './api.js';
import { snapshotChunkSize } from './capabilities.js';
import { quoteOfPreviousSession, quoteOfSnapshot } from './quote-mapping.js';
import {
  aggregatesBodySchema,
  snapshotsBodySchema,
  type AggregatesBody,
  type SnapshotsBody,
} from './response-schemas.js';

const snapshotPath = '/v2/snapshot/locale/us/markets/stocks/tickers';

// After these, the next symbol's call would fail the same way: spare the quota.
const failsEveryCall: readonly FailureKind[] = ['auth', 'rate_limited', 'plan_required'];

/**
 * Quotes from the snapshot endpoint (paid plans): one call per chunk of 250 tickers. Tickers
 * the API does not know are simply absent from its answer, and fail as `not_found`. A failed
 * call fails its own chunk only.
 */
export function fetchSnapshotQuotes(
  api: PolygonApi,
  symbols: readonly string[],
  signal?: AbortSignal,
): Promise<QuoteOutcome[]> {
  // No symbols is no call: an empty `tickers` would download the whole market.
  return quoteInBatches(symbols, (part) => fetchSnapshotChunk(api, part, signal), {
    size: snapshotChunkSize,
    stopAfter: [],
  });
}

async function fetchSnapshotChunk(
  api: PolygonApi,
  symbols: readonly string[],
  signal?: AbortSignal,
): Promise<QuoteOutcome[]> {
  const what = `snapshot of ${symbols.join(',')}`;
  const response = await api.http.get(snapshotPath, { tickers: symbols.join(',') }, signal);
  const body = readPolygon<SnapshotsBody>(api, response, what, snapshotsBodySchema);

  const nowMs = api.clock.now();
  const byTicker = new Map(body.tickers.map((ticker) => [ticker.ticker.toUpperCase(), ticker]));
  api.log.debug({ symbols: symbols.length, found: byTicker.size }, 'snapshot fetched');
  return mapBatchAnswer(
    symbols,
    (symbol) => byTicker.get(symbol),
    (ticker, symbol) => quoteOfSnapshot(ticker, symbol, nowMs),
    (symbol) =>
      providerFailure('not_found', `snapshot of ${symbol}: the API does not know the ticker`),
  );
}

/**
 * Quotes from the previous session's bar (the free plan): one `/prev` call per symbol, in
 * turn. Once a call fails for the key's sake (auth, plan, rate limit) the rest fail with it
 * unasked.
 */
export function fetchPreviousSessionQuotes(
  api: PolygonApi,
  symbols: readonly string[],
  signal?: AbortSignal,
): Promise<QuoteOutcome[]> {
  return quoteEach(symbols, (symbol) => fetchPreviousSession(api, symbol, signal), {
    stopAfter: failsEveryCall,
  });
}

async function fetchPreviousSession(
  api: PolygonApi,
  symbol: string,
  signal?: AbortSignal,
): Promise<Quote> {
  const what = `previous close of ${symbol}`;
  const path = `/v2/aggs/ticker/${encodeURIComponent(symbol)}/prev`;
  const response = await api.http.get(path, { adjusted: api.options.adjusted }, signal);
  const body = readPolygon<AggregatesBody>(api, response, what, aggregatesBodySchema);

  // Unknown tickers come back as a 200 with no results.
  const bar = body.results?.[0];
  if (bar === undefined)
    throw providerFailure('not_found', `${what}: no previous session (unknown ticker?)`);
  api.log.debug({ symbol }, 'previous close fetched');
  return quoteOfPreviousSession(bar, symbol);
}
