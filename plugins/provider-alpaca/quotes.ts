import type { Quote } from '../../core/contract/types.js';
import type { StockpollerError } from '../../core/errors/index.js';
import type { QuoteOutcome } from '../../core/plugins/types.js';
import { chunk, failAll, outcomesInOrder, providerFailure } from '../../core/providers/index.js';
import { readAlpaca, type AlpacaApi } from './api.js';
import { snapshotChunkSize } from './capabilities.js';
import { asProviderError } from './classify.js';
import { quoteOfSnapshot } from './quote-mapping.js';
import {
  snapshotsBodySchema,
  type AlpacaSnapshot,
  type SnapshotsBody,
} from './response-schemas.js';

const snapshotsPath = '/v2/stocks/snapshots';

/**
 * Quotes from `/v2/stocks/snapshots` on the configured feed, one call per chunk of 100
 * symbols. Alpaca drops symbols it does not know from the answer; they fail as `not_found`.
 */
export async function fetchSnapshotQuotes(
  api: AlpacaApi,
  symbols: readonly string[],
  signal?: AbortSignal,
): Promise<QuoteOutcome[]> {
  const outcomes: QuoteOutcome[] = [];
  for (const part of chunk(symbols, snapshotChunkSize)) {
    outcomes.push(...(await fetchSnapshotChunk(api, part, signal)));
  }
  return outcomes;
}

async function fetchSnapshotChunk(
  api: AlpacaApi,
  symbols: readonly string[],
  signal?: AbortSignal,
): Promise<QuoteOutcome[]> {
  const what = `snapshot of ${symbols.join(',')}`;
  let bySymbol: Readonly<Record<string, AlpacaSnapshot>>;
  try {
    const query = { symbols: symbols.join(','), feed: api.options.feed };
    const response = await api.http.get(snapshotsPath, query, signal);
    bySymbol = unwrap(readAlpaca<SnapshotsBody>(api, response, what, snapshotsBodySchema));
  } catch (error) {
    return failAll(symbols, asProviderError(error, what));
  }

  const nowMs = api.clock.now();
  const quotes = new Map<string, Quote>();
  const failures = new Map<string, StockpollerError>();
  for (const [key, snapshot] of Object.entries(bySymbol)) {
    const symbol = key.toUpperCase();
    try {
      quotes.set(symbol, quoteOfSnapshot(snapshot, symbol, nowMs));
    } catch (error) {
      failures.set(symbol, asProviderError(error, `snapshot of ${symbol}`));
    }
  }
  api.log.debug({ symbols: symbols.length, found: quotes.size }, 'snapshots fetched');
  return outcomesInOrder(
    symbols,
    quotes,
    (symbol) =>
      failures.get(symbol) ??
      providerFailure('not_found', `snapshot of ${symbol}: the API does not know the symbol`),
  );
}

function unwrap(body: SnapshotsBody): Readonly<Record<string, AlpacaSnapshot>> {
  // No ticker is named "snapshots": the key marks the wrapped form.
  if ('snapshots' in body) return body.snapshots as Readonly<Record<string, AlpacaSnapshot>>;
  return body;
}
