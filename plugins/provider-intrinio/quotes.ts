import type { Quote } from '../../core/contract/types.js';
import type { QuoteOutcome } from '../../core/plugins/types.js';
import {
  asProviderFailure,
  buildQuote,
  describeSymbols,
  mapBatchAnswer,
  firstInstant,
  providerFailure,
  quoteInBatches,
  toNullableNumber,
  toOptionalPrice,
} from '../../core/providers/index.js';
import { intrinioPageSize } from './capabilities.js';
import type { IntrinioApi } from './intrinio-api.js';
import type { IntrinioOptions } from './options-schema.js';
import {
  exchangeRealtimeSchema,
  realtimePriceSchema,
  type ExchangeRealtimePage,
  type RealtimePrice,
} from './response-schemas.js';

const provider = 'intrinio';

/**
 * Latest realtime prices, one outcome per symbol in request order. One symbol uses
 * `/securities/{id}/prices/realtime`; several go to `/stock_exchanges/{exchange}/prices/realtime`
 * in chunks of 100 tickers (following `next_page`). A ticker the exchange call leaves out is
 * `not_found`; a failed call fails only its own symbols.
 */
export async function fetchIntrinioQuotes(
  api: IntrinioApi,
  options: Pick<IntrinioOptions, 'exchange' | 'source'>,
  symbols: readonly string[],
  signal?: AbortSignal,
): Promise<QuoteOutcome[]> {
  const [only] = symbols;
  if (only !== undefined && symbols.length === 1)
    return [await fetchOne(api, options, only, signal)];

  return quoteInBatches(symbols, (part) => fetchChunk(api, options, part, signal), {
    size: intrinioPageSize,
    stopAfter: [],
  });
}

async function fetchOne(
  api: IntrinioApi,
  options: Pick<IntrinioOptions, 'source'>,
  symbol: string,
  signal?: AbortSignal,
): Promise<QuoteOutcome> {
  const what = `quote of ${symbol}`;
  try {
    const price = await api.getJson<RealtimePrice>(
      `/securities/${encodeURIComponent(symbol)}/prices/realtime`,
      { source: options.source },
      what,
      realtimePriceSchema,
      signal,
    );
    return { symbol, quote: quoteOf(symbol, price) };
  } catch (error) {
    return { symbol, error: asProviderFailure(error, what) };
  }
}

async function fetchChunk(
  api: IntrinioApi,
  options: Pick<IntrinioOptions, 'exchange' | 'source'>,
  symbols: readonly string[],
  signal?: AbortSignal,
): Promise<QuoteOutcome[]> {
  const pages = await api.getAllPages<ExchangeRealtimePage>(
    `/stock_exchanges/${encodeURIComponent(options.exchange)}/prices/realtime`,
    { tickers: symbols.join(','), source: options.source, page_size: intrinioPageSize },
    describeSymbols(symbols),
    exchangeRealtimeSchema,
    signal,
  );

  const byTicker = new Map<string, RealtimePrice>();
  for (const price of pages.flatMap((page) => page.stock_prices)) {
    const ticker = price.security?.ticker;
    if (typeof ticker === 'string') byTicker.set(ticker.toUpperCase(), price);
  }
  return mapBatchAnswer(
    symbols,
    (symbol) => byTicker.get(symbol.toUpperCase()),
    (price, symbol) => quoteOf(symbol, price),
    (symbol) => providerFailure('not_found', `intrinio has no realtime price for ${symbol}`),
  );
}

/**
 * Maps a RealtimeStockPrice. `close_price` is only set by some sources (IEX), and the
 * previous close (`eod_close_price`) only by newer API versions; both are null otherwise.
 */
function quoteOf(symbol: string, price: RealtimePrice): Quote {
  const field = (name: string): string => `${symbol} ${name}`;
  const last = toOptionalPrice(price.last_price, field('last_price'));
  if (last === null) throw providerFailure('no_data', `intrinio has no last trade for ${symbol}`);
  const timestampMs = firstInstant([price.last_time, price.updated_on]);
  if (timestampMs === undefined) {
    throw providerFailure('malformed', `intrinio price of ${symbol} has no readable last_time`);
  }

  const marketVolume = toNullableNumber(price.market_volume, field('market_volume'));
  return buildQuote({
    symbol,
    provider,
    price: last,
    timestampMs,
    open: toOptionalPrice(price.open_price, field('open_price')),
    high: toOptionalPrice(price.high_price, field('high_price')),
    low: toOptionalPrice(price.low_price, field('low_price')),
    close: toOptionalPrice(price.close_price, field('close_price')),
    previousClose: toOptionalPrice(price.eod_close_price, field('eod_close_price')),
    volume: marketVolume ?? toNullableNumber(price.exchange_volume, field('exchange_volume')),
    currency: 'USD',
    bid: toOptionalPrice(price.bid_price, field('bid_price')),
    ask: toOptionalPrice(price.ask_price, field('ask_price')),
  });
}
