import type { Quote } from '../../core/contract/types.js';
import { isStockpollerError, type StockpollerError } from '../../core/errors/index.js';
import type { QuoteOutcome } from '../../core/plugins/types.js';
import {
  buildQuote,
  checkBody,
  fromUnix,
  mapBatchAnswer,
  providerFailure,
  quoteEach,
  quoteInBatches,
  toNullableNumber,
  toNumber,
  toPercent,
  type QuoteStop,
} from '../../core/providers/index.js';
import { maxBatchSymbols } from './capabilities.js';
import { providerName, readBody, type FmpClient } from './client.js';
import { quoteItemSchema, quoteListSchema, type QuoteItem } from './response-schemas.js';

/** Whether quotes go through `/batch-quote`; `auto` turns it off for good if the plan refuses it. */
export interface BatchState {
  enabled: boolean;
  readonly canFallBack: boolean;
}

/**
 * Latest quotes, one outcome per symbol in request order: `/batch-quote` in chunks of 100, or
 * `/quote` per symbol. After an auth or rate-limit failure the rest fail with it, unasked,
 * whether it came from a batch or from a symbol of the one-by-one fallback.
 */
export function fetchQuotes(
  client: FmpClient,
  state: BatchState,
  symbols: readonly string[],
  signal?: AbortSignal,
): Promise<QuoteOutcome[]> {
  const stop: QuoteStop = { error: undefined };
  const onFailure = (part: readonly string[], failure: StockpollerError): void => {
    client.log.debug({ symbols: part.length, err: failure }, 'quote call failed');
  };
  const oneByOne = (part: readonly string[]): Promise<QuoteOutcome[]> =>
    quoteEach(part, (symbol) => fetchOne(client, symbol, signal), { stop, onFailure });
  return quoteInBatches(
    symbols,
    async (part) => {
      if (!state.enabled) return oneByOne(part);
      try {
        return await fetchBatch(client, part, signal);
      } catch (error) {
        if (!isPlanRefusal(error) || !state.canFallBack) throw error;
        // Which plans include /batch-quote is not documented: learn it from the answer, once.
        state.enabled = false;
        client.log.warn({ err: error }, 'batch quotes refused by the plan, quoting one by one');
        return oneByOne(part);
      }
    },
    { size: maxBatchSymbols, stop, onFailure },
  );
}

async function fetchOne(client: FmpClient, symbol: string, signal?: AbortSignal): Promise<Quote> {
  const what = `quote of ${symbol}`;
  const response = await client.http.get('/quote', { symbol }, signal);
  client.log.debug({ symbol, status: response.status }, 'quote call answered');
  const items = readBody<unknown[]>(client, response, what, quoteListSchema);
  const [item] = items;
  // FMP answers an unknown symbol with an empty array.
  if (item === undefined) throw unknownSymbol(symbol);
  checkBody(quoteItemSchema, item, what);
  return mapQuote(item as QuoteItem, symbol);
}

async function fetchBatch(
  client: FmpClient,
  symbols: readonly string[],
  signal?: AbortSignal,
): Promise<QuoteOutcome[]> {
  const what = `quotes of ${symbols.join(',')}`;
  const response = await client.http.get('/batch-quote', { symbols: symbols.join(',') }, signal);
  client.log.debug({ symbols: symbols.length, status: response.status }, 'quote call answered');
  const items = readBody<unknown[]>(client, response, what, quoteListSchema);

  // Unknown symbols are left out of the array; an odd item fails only its own symbol.
  const bySymbol = new Map<string, unknown>();
  for (const item of items) {
    const symbol = (item as { symbol?: unknown }).symbol;
    if (typeof symbol === 'string') bySymbol.set(symbol.toUpperCase(), item);
  }
  return mapBatchAnswer(
    symbols,
    (symbol) => bySymbol.get(symbol.toUpperCase()),
    (item, symbol) => {
      checkBody(quoteItemSchema, item, `quote of ${symbol}`);
      return mapQuote(item as QuoteItem, symbol);
    },
    unknownSymbol,
  );
}

/** A contract quote from an FMP quote. FMP gives no currency, and no flag for a closed session. */
export function mapQuote(item: QuoteItem, symbol: string): Quote {
  const what = `quote of ${symbol}`;
  return buildQuote({
    symbol,
    provider: providerName,
    price: toNumber(item.price, `${what}: price`),
    timestampMs: fromUnix(item.timestamp, 's', `${what}: timestamp`),
    open: toNullableNumber(item.open, `${what}: open`),
    high: toNullableNumber(item.dayHigh, `${what}: dayHigh`),
    low: toNullableNumber(item.dayLow, `${what}: dayLow`),
    previousClose: toNullableNumber(item.previousClose, `${what}: previousClose`),
    change: toNullableNumber(item.change, `${what}: change`),
    changePercent: toPercent(
      item.changePercentage ?? item.changesPercentage,
      `${what}: changePercentage`,
    ),
    volume: toNullableNumber(item.volume, `${what}: volume`),
  });
}

function unknownSymbol(symbol: string): StockpollerError {
  return providerFailure('not_found', `quote of ${symbol}: FMP has no such symbol (empty answer)`);
}

function isPlanRefusal(error: unknown): boolean {
  return isStockpollerError(error) && error.failure?.kind === 'plan_required';
}
