import type { Quote } from '../../core/contract/types.js';
import { isStockpollerError, type StockpollerError } from '../../core/errors/index.js';
import type { QuoteOutcome } from '../../core/plugins/types.js';
import {
  buildQuote,
  checkBody,
  chunk,
  failAll,
  fromUnix,
  providerFailure,
  toNullableNumber,
  toNumber,
  toPercent,
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
 * `/quote` per symbol. After an auth or rate-limit failure the rest fail with it, unasked.
 */
export async function fetchQuotes(
  client: FmpClient,
  state: BatchState,
  symbols: readonly string[],
  signal?: AbortSignal,
): Promise<QuoteOutcome[]> {
  const outcomes: QuoteOutcome[] = [];
  const parts = chunk(symbols, maxBatchSymbols);
  let stopper: StockpollerError | undefined;
  for (const [index, part] of parts.entries()) {
    if (!state.enabled) {
      return [...outcomes, ...(await fetchOneByOne(client, parts.slice(index).flat(), signal))];
    }
    if (stopper !== undefined) {
      outcomes.push(...failAll(part, stopper));
      continue;
    }
    try {
      outcomes.push(...(await fetchBatch(client, part, signal)));
    } catch (error) {
      const failure = asProviderError(error, part);
      if (failure.failure?.kind === 'plan_required' && state.canFallBack) {
        // Which plans include /batch-quote is not documented: learn it from the answer, once.
        state.enabled = false;
        client.log.warn({ err: failure }, 'batch quotes refused by the plan, quoting one by one');
        return [...outcomes, ...(await fetchOneByOne(client, parts.slice(index).flat(), signal))];
      }
      client.log.debug({ symbols: part.length, err: failure }, 'quote call failed');
      outcomes.push(...failAll(part, failure));
      if (stopsTheRest(failure)) stopper = failure;
    }
  }
  return outcomes;
}

async function fetchOneByOne(
  client: FmpClient,
  symbols: readonly string[],
  signal?: AbortSignal,
): Promise<QuoteOutcome[]> {
  const outcomes: QuoteOutcome[] = [];
  let stopper: StockpollerError | undefined;
  for (const symbol of symbols) {
    if (stopper !== undefined) {
      outcomes.push({ symbol, error: stopper });
      continue;
    }
    try {
      outcomes.push(await fetchOne(client, symbol, signal));
    } catch (error) {
      const failure = asProviderError(error, [symbol]);
      client.log.debug({ symbol, err: failure }, 'quote call failed');
      outcomes.push({ symbol, error: failure });
      if (stopsTheRest(failure)) stopper = failure;
    }
  }
  return outcomes;
}

async function fetchOne(
  client: FmpClient,
  symbol: string,
  signal?: AbortSignal,
): Promise<QuoteOutcome> {
  const what = `quote of ${symbol}`;
  const response = await client.http.get('/quote', { symbol }, signal);
  client.log.debug({ symbol, status: response.status }, 'quote call answered');
  const items = readBody<unknown[]>(client, response, what, quoteListSchema);
  const [item] = items;
  // FMP answers an unknown symbol with an empty array.
  if (item === undefined) return { symbol, error: unknownSymbol(symbol) };
  checkBody(quoteItemSchema, item, what);
  return { symbol, quote: mapQuote(item as QuoteItem, symbol) };
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
  const found = new Map<string, Quote | StockpollerError>();
  for (const item of items) {
    const symbol = (item as { symbol?: unknown }).symbol;
    if (typeof symbol !== 'string') continue;
    try {
      checkBody(quoteItemSchema, item, `quote of ${symbol}`);
      found.set(symbol.toUpperCase(), mapQuote(item as QuoteItem, symbol));
    } catch (error) {
      found.set(symbol.toUpperCase(), asProviderError(error, [symbol]));
    }
  }
  return symbols.map((symbol): QuoteOutcome => {
    const entry = found.get(symbol.toUpperCase());
    if (entry === undefined) return { symbol, error: unknownSymbol(symbol) };
    return isStockpollerError(entry)
      ? { symbol, error: entry }
      : { symbol, quote: { ...entry, symbol } };
  });
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

function stopsTheRest(failure: StockpollerError): boolean {
  const kind = failure.failure?.kind;
  return kind === 'auth' || kind === 'rate_limited';
}

function asProviderError(error: unknown, symbols: readonly string[]): StockpollerError {
  if (isStockpollerError(error)) return error;
  return providerFailure('malformed', `quotes of ${symbols.join(',')} could not be read`, {
    cause: error,
  });
}
