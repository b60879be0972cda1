import { toIsoUtc } from '../../contract/time.js';
import type { Bar, Quote } from '../../contract/types.js';
import { validateRecord } from '../../contract/validate.js';
import { StockpollerError, isStockpollerError, describeError } from '../../errors/index.js';
import type { ProviderInstance } from '../../plugins/types.js';
import { chunk, newYorkDateOf } from '../../providers/index.js';

/** What `fetch` asks of the provider. */
export interface FetchRequest {
  readonly symbols: readonly string[];
  readonly bars: boolean;
  readonly interval: string;
  readonly from?: string;
  readonly to?: string;
}

/** The result for one symbol: its records, or the error that stopped it. */
export interface FetchResult {
  readonly symbol: string;
  readonly records: readonly (Quote | Bar)[];
  readonly error?: StockpollerError;
}

const dayMs = 86_400_000;

/**
 * Quotes (in chunks the provider accepts) or bars (one call per symbol) for each symbol.
 * Every record is checked against the data contract; a record that breaks it fails its
 * symbol with SP_ERR_CONTRACT_INVALID_RECORD instead of being printed as if it were fine.
 */
export async function fetchRecords(
  provider: ProviderInstance,
  request: FetchRequest,
  nowMs: number,
): Promise<FetchResult[]> {
  if (!request.bars) return fetchQuotes(provider, request.symbols);

  const to = request.to ?? newYorkDateOf(nowMs);
  const from = request.from ?? defaultFrom(request.interval, to);
  return Promise.all(
    request.symbols.map((symbol) => fetchBarsOf(provider, symbol, request.interval, from, to)),
  );
}

async function fetchQuotes(
  provider: ProviderInstance,
  symbols: readonly string[],
): Promise<FetchResult[]> {
  const results: FetchResult[] = [];
  for (const part of chunk(symbols, provider.capabilities.maxSymbolsPerCall)) {
    const outcomes = await provider.fetchQuotes(part);
    for (const outcome of outcomes) {
      results.push(
        outcome.error === undefined
          ? checked(outcome.symbol, 'stockpoller.quote', [outcome.quote])
          : { symbol: outcome.symbol, records: [], error: outcome.error },
      );
    }
  }
  return results;
}

async function fetchBarsOf(
  provider: ProviderInstance,
  symbol: string,
  interval: string,
  from: string,
  to: string,
): Promise<FetchResult> {
  if (provider.fetchBars === undefined) {
    const error = new StockpollerError(
      'SP_ERR_PROVIDER_BAD_REQUEST',
      'this provider serves no bars',
      'Fetch quotes instead (leave out --bars).',
      {
        failure: { kind: 'bad_request', retryable: false },
      },
    );
    return { symbol, records: [], error };
  }
  try {
    const bars = await provider.fetchBars({ symbol, interval, from, to });
    return checked(symbol, 'stockpoller.bar', bars);
  } catch (error) {
    if (isStockpollerError(error)) return { symbol, records: [], error };
    const wrapped = new StockpollerError(
      'SP_ERR_INTERNAL',
      `bars of ${symbol} failed: ${describeError(error)}`,
      undefined,
      { cause: error },
    );
    return { symbol, records: [], error: wrapped };
  }
}

function checked(
  symbol: string,
  schema: 'stockpoller.quote' | 'stockpoller.bar',
  records: readonly (Quote | Bar)[],
): FetchResult {
  for (const record of records) {
    const verdict = validateRecord(schema, record);
    if (!verdict.valid) {
      const error = new StockpollerError(
        'SP_ERR_CONTRACT_INVALID_RECORD',
        `the provider's record for ${symbol} breaks the data contract: ${verdict.problems.join('; ')}`,
        'Report it against the provider plugin.',
        { failure: { kind: 'malformed', retryable: false } },
      );
      return { symbol, records: [], error };
    }
  }
  return { symbol, records };
}

function defaultFrom(interval: string, to: string): string {
  // A month of daily bars, or the last two days of intraday ones.
  const span =
    interval.endsWith('d') || interval.endsWith('w') || interval.endsWith('mo')
      ? 30 * dayMs
      : 2 * dayMs;
  return toIsoUtc(Date.parse(`${to}T00:00:00Z`) - span).slice(0, 10);
}
