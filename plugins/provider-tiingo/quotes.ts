import type { Quote } from '../../core/contract/types.js';
import type { QuoteOutcome } from '../../core/plugins/types.js';
import {
  buildQuote,
  describeSymbols,
  mapBatchAnswer,
  firstInstant,
  providerFailure,
  quoteInBatches,
  toNullableNumber,
  toOptionalPrice,
} from '../../core/providers/index.js';
import { iexQuotesSchema, type IexRow } from './response-schemas.js';
import type { TiingoApi } from './tiingo-api.js';

const provider = 'tiingo';

/** Tiingo's spelling of a ticker: lower case, with `-` for share classes (`BRK.B` is `brk-b`). */
export function tiingoTicker(symbol: string): string {
  return symbol.toLowerCase().replace(/\./g, '-');
}

/**
 * Latest IEX quotes, one outcome per symbol in request order. Symbols go in calls of at most
 * `batchSize` tickers (one ticker uses `/iex/{ticker}`, several `/iex?tickers=`); a ticker the
 * answer leaves out is `not_found`, and a failed call fails only its own symbols.
 */
export function fetchTiingoQuotes(
  api: TiingoApi,
  symbols: readonly string[],
  batchSize: number,
  signal?: AbortSignal,
): Promise<QuoteOutcome[]> {
  return quoteInBatches(symbols, (part) => fetchChunk(api, part, signal), {
    size: batchSize,
    stopAfter: [],
  });
}

async function fetchChunk(
  api: TiingoApi,
  symbols: readonly string[],
  signal?: AbortSignal,
): Promise<QuoteOutcome[]> {
  const tickers = symbols.map(tiingoTicker);
  const what = describeSymbols(symbols);
  const [only] = tickers;
  const rows: IexRow[] =
    only !== undefined && tickers.length === 1
      ? await api.getJson(`/iex/${encodeURIComponent(only)}`, {}, what, iexQuotesSchema, signal)
      : await api.getJson('/iex/', { tickers: tickers.join(',') }, what, iexQuotesSchema, signal);

  const byTicker = new Map(rows.map((row) => [tiingoTicker(row.ticker), row]));
  return mapBatchAnswer(
    symbols,
    (symbol) => byTicker.get(tiingoTicker(symbol)),
    (row, symbol) => quoteOf(symbol, row),
    (symbol) => providerFailure('not_found', `tiingo has no IEX quote for ${symbol}`),
  );
}

/**
 * Maps one IEX row. `last` is null without an IEX exchange agreement (since 2025-02-01), so
 * Tiingo's reference price `tngoLast` stands in; `volume` counts IEX trades only.
 */
function quoteOf(symbol: string, row: IexRow): Quote {
  const field = (name: string): string => `${symbol} ${name}`;
  // IEX sends 0 for an empty side of the book, and for a price it does not have.
  const price =
    toOptionalPrice(row.last, field('last')) ?? toOptionalPrice(row.tngoLast, field('tngoLast'));
  if (price === null) {
    throw providerFailure('no_data', `tiingo has no last or reference price for ${symbol} yet`);
  }
  const timestampMs = firstInstant([row.timestamp, row.lastSaleTimestamp, row.quoteTimestamp]);
  if (timestampMs === undefined) {
    throw providerFailure('malformed', `tiingo quote of ${symbol} has no readable timestamp`);
  }

  return buildQuote({
    symbol,
    provider,
    price,
    timestampMs,
    open: toOptionalPrice(row.open, field('open')),
    high: toOptionalPrice(row.high, field('high')),
    low: toOptionalPrice(row.low, field('low')),
    previousClose: toOptionalPrice(row.prevClose, field('prevClose')),
    volume: toNullableNumber(row.volume, field('volume')),
    currency: 'USD',
    bid: toOptionalPrice(row.bidPrice, field('bidPrice')),
    ask: toOptionalPrice(row.askPrice, field('askPrice')),
  });
}
