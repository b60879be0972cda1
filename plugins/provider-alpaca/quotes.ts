import type { QuoteOutcome } from '../../core/plugins/types.js';
import { mapBatchAnswer, providerFailure, quoteInBatches } from '../../core/providers/index.js';
import { readAlpaca, type AlpacaApi } from './api.js';
import { snapshotChunkSize } from './capabilities.js';
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
 * A failed call fails its own chunk only.
 */
export function fetchSnapshotQuotes(
  api: AlpacaApi,
  symbols: readonly string[],
  signal?: AbortSignal,
): Promise<QuoteOutcome[]> {
  return quoteInBatches(symbols, (part) => fetchSnapshotChunk(api, part, signal), {
    size: snapshotChunkSize,
    stopAfter: [],
  });
}

async function fetchSnapshotChunk(
  api: AlpacaApi,
  symbols: readonly string[],
  signal?: AbortSignal,
): Promise<QuoteOutcome[]> {
  const what = `snapshot of ${symbols.join(',')}`;
  const query = { symbols: symbols.join(','), feed: api.options.feed };
  const response = await api.http.get(snapshotsPath, query, signal);
  const snapshots = unwrap(readAlpaca<SnapshotsBody>(api, response, what, snapshotsBodySchema));

  const nowMs = api.clock.now();
  const bySymbol = new Map(
    Object.entries(snapshots).map(([key, value]) => [key.toUpperCase(), value]),
  );
  api.log.debug({ symbols: symbols.length, found: bySymbol.size }, 'snapshots fetched');
  return mapBatchAnswer(
    symbols,
    (symbol) => bySymbol.get(symbol),
    (snapshot, symbol) => quoteOfSnapshot(snapshot, symbol, nowMs),
    (symbol) =>
      providerFailure('not_found', `snapshot of ${symbol}: the API does not know the symbol`),
  );
}

function unwrap(body: SnapshotsBody): Readonly<Record<string, AlpacaSnapshot>> {
  // No ticker is named "snapshots": the key marks the wrapped form.
  if ('snapshots' in body) return body.snapshots as Readonly<Record<string, AlpacaSnapshot>>;
  return body;
}
