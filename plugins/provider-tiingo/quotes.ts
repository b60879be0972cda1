import type { Quote } from '../../core/contract/types.js';
import {
  describeError,
  isStockpollerError,
  type StockpollerError,
} from '../../core/errors/index.js';
import type { QuoteOutcome } from '../../core/plugins/types.js';
import {
  buildQuote,
  chunk,
  failAll,
  providerFailure,
  toNullableNumber,
} from '../../core/providers/index.js';
import { parseInstant } from './bar-window.js';
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
export async function fetchTiingoQuotes(
  api: TiingoApi,
  symbols: readonly string[],
  batchSize: number,
  signal?: AbortSignal,
): Promise<QuoteOutcome[]> {
  const outcomes: QuoteOutcome[] = [];
  for (const part of chunk(symbols, batchSize)) {
    outcomes.push(...(await fetchChunk(api, part, signal)));
  }
  return outcomes;
}

async function fetchChunk(
  api: TiingoApi,
  symbols: readonly string[],
  signal?: AbortSignal,
): Promise<QuoteOutcome[]> {
  const tickers = symbols.map(tiingoTicker);
  const what =
    symbols.length <= 3 ? `quotes of ${symbols.join(', ')}` : `quotes of ${symbols.length} symbols`;
  let rows: IexRow[];
  try {
    const [only] = tickers;
    rows =
      only !== undefined && tickers.length === 1
        ? await api.getJson(`/iex/${encodeURIComponent(only)}`, {}, what, iexQuotesSchema, signal)
        : await api.getJson('/iex/', { tickers: tickers.join(',') }, what, iexQuotesSchema, signal);
  } catch (error) {
    return failAll(symbols, asFailure(error, what));
  }

  const byTicker = new Map(rows.map((row) => [tiingoTicker(row.ticker), row]));
  return symbols.map((symbol, index): QuoteOutcome => {
    const row = byTicker.get(tickers[index] ?? '');
    if (row === undefined) {
      const error = providerFailure('not_found', `tiingo has no IEX quote for ${symbol}`);
      return { symbol, error };
    }
    try {
      return { symbol, quote: quoteOf(symbol, row) };
    } catch (error) {
      return { symbol, error: asFailure(error, `quote of ${symbol}`) };
    }
  });
}

/**
 * Maps one IEX row. `last` is null without an IEX exchange agreement (since 2025-02-01), so
 * Tiingo's reference price `tngoLast` stands in; `volume` counts IEX trades only.
 */
function quoteOf(symbol: string, row: IexRow): Quote {
  const field = (name: string): string => `${symbol} ${name}`;
  const price =
    positive(toNullableNumber(row.last, field('last'))) ??
    positive(toNullableNumber(row.tngoLast, field('tngoLast')));
  if (price === null) {
    throw providerFailure('no_data', `tiingo has no last or reference price for ${symbol} yet`);
  }
  const stamps = [row.timestamp, row.lastSaleTimestamp, row.quoteTimestamp];
  const timestampMs = stamps
    .map((stamp) => (typeof stamp === 'string' ? parseInstant(stamp) : undefined))
    .find((ms) => ms !== undefined);
  if (timestampMs === undefined) {
    throw providerFailure('malformed', `tiingo quote of ${symbol} has no readable timestamp`);
  }

  return buildQuote({
    symbol,
    provider,
    price,
    timestampMs,
    open: positive(toNullableNumber(row.open, field('open'))),
    high: positive(toNullableNumber(row.high, field('high'))),
    low: positive(toNullableNumber(row.low, field('low'))),
    previousClose: positive(toNullableNumber(row.prevClose, field('prevClose'))),
    volume: toNullableNumber(row.volume, field('volume')),
    currency: 'USD',
    bid: positive(toNullableNumber(row.bidPrice, field('bidPrice'))),
    ask: positive(toNullableNumber(row.askPrice, field('askPrice'))),
  });
}

/** A price only when above zero: IEX sends 0 for an empty side of the book. */
function positive(value: number | null): number | null {
  return value !== null && value > 0 ? value : null;
}

/** Any failure as a classified provider error (a bug in mapping counts as malformed). */
export function asFailure(error: unknown, what: string): StockpollerError {
  if (isStockpollerError(error)) return error;
  return providerFailure('malformed', `${what}: ${describeError(error)}`, { cause: error });
}
