import type { Quote } from '../../core/contract/types.js';
import type { StockpollerError } from '../../core/errors/index.js';
import type { QuoteOutcome } from '../../core/plugins/types.js';
import { chunk, failAll, outcomesInOrder, providerFailure } from '../../core/providers/index.js';
import { readPolygon, type PolygonApi } from './api.js';
import { snapshotChunkSize } from './capabilities.js';
import { asProviderError } from './classify.js';
import { quoteOfPreviousSession, quoteOfSnapshot } from './quote-mapping.js';
import {
  aggregatesBodySchema,
  snapshotsBodySchema,
  type AggregatesBody,
  type SnapshotsBody,
} from './response-schemas.js';

const snapshotPath = '/v2/snapshot/locale/us/markets/stocks/tickers';

// After these, the next symbol's call would fail the same way: spare the quota.
const failsEveryCall = new Set(['auth', 'rate_limited', 'plan_required']);

/**
 * Quotes from the snapshot endpoint (paid plans): one call per chunk of 250 tickers. Tickers
 * the API does not know are simply absent from its answer, and fail as `not_found`.
 */
export async function fetchSnapshotQuotes(
  api: PolygonApi,
  symbols: readonly string[],
  signal?: AbortSignal,
): Promise<QuoteOutcome[]> {
  const outcomes: QuoteOutcome[] = [];
  // chunk() of no symbols is no call: an empty `tickers` would download the whole market.
  for (const part of chunk(symbols, snapshotChunkSize)) {
    outcomes.push(...(await fetchSnapshotChunk(api, part, signal)));
  }
  return outcomes;
}

async function fetchSnapshotChunk(
  api: PolygonApi,
  symbols: readonly string[],
  signal?: AbortSignal,
): Promise<QuoteOutcome[]> {
  const what = `snapshot of ${symbols.join(',')}`;
  let body: SnapshotsBody;
  try {
    const response = await api.http.get(snapshotPath, { tickers: symbols.join(',') }, signal);
    body = readPolygon<SnapshotsBody>(api, response, what, snapshotsBodySchema);
  } catch (error) {
    return failAll(symbols, asProviderError(error, what));
  }

  const nowMs = api.clock.now();
  const quotes = new Map<string, Quote>();
  const failures = new Map<string, StockpollerError>();
  for (const ticker of body.tickers) {
    const symbol = ticker.ticker.toUpperCase();
    try {
      quotes.set(symbol, quoteOfSnapshot(ticker, symbol, nowMs));
    } catch (error) {
      failures.set(symbol, asProviderError(error, `snapshot of ${symbol}`));
    }
  }
  api.log.debug({ symbols: symbols.length, found: quotes.size }, 'snapshot fetched');
  return outcomesInOrder(
    symbols,
    quotes,
    (symbol) =>
      failures.get(symbol) ??
      providerFailure('not_found', `snapshot of ${symbol}: the API does not know the ticker`),
  );
}

/**
 * Quotes from the previous session's bar (the free plan): one `/prev` call per symbol, in
 * turn. Once a call fails for the key's sake (auth, plan, rate limit) the rest fail with it
 * unasked.
 */
export async function fetchPreviousSessionQuotes(
  api: PolygonApi,
  symbols: readonly string[],
  signal?: AbortSignal,
): Promise<QuoteOutcome[]> {
  const outcomes: QuoteOutcome[] = [];
  let stopped: StockpollerError | undefined;
  for (const symbol of symbols) {
    if (stopped !== undefined) {
      outcomes.push({ symbol, error: stopped });
      continue;
    }
    try {
      outcomes.push({ symbol, quote: await fetchPreviousSession(api, symbol, signal) });
    } catch (error) {
      const failure = asProviderError(error, `previous close of ${symbol}`);
      if (failsEveryCall.has(failure.failure?.kind ?? '')) stopped = failure;
      outcomes.push({ symbol, error: failure });
    }
  }
  return outcomes;
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
