import type { Quote } from '../../core/contract/types.js';
import {
  describeError,
  isStockpollerError,
  type StockpollerError,
} from '../../core/errors/index.js';
import type { QuoteOutcome } from '../../core/plugins/types.js';
import { providerFailure } from '../../core/providers/index.js';

/**
 * One quote call per symbol, `concurrency` at a time, outcomes in request order. A failure
 * that concerns the key rather than the symbol (auth, rate limit) is given to every symbol
 * not yet asked for, without spending more calls on it.
 */
export async function quoteEach(
  symbols: readonly string[],
  concurrency: number,
  fetchOne: (symbol: string) => Promise<Quote>,
): Promise<QuoteOutcome[]> {
  const outcomes: QuoteOutcome[] = new Array<QuoteOutcome>(symbols.length);
  let next = 0;
  let stop: StockpollerError | undefined;

  const work = async (): Promise<void> => {
    while (next < symbols.length) {
      const index = next++;
      const symbol = symbols[index] as string;
      if (stop !== undefined) {
        outcomes[index] = { symbol, error: stop };
        continue;
      }
      try {
        outcomes[index] = { symbol, quote: await fetchOne(symbol) };
      } catch (error) {
        const failure = asFailure(error, symbol);
        if (failure.failure?.kind === 'auth' || failure.failure?.kind === 'rate_limited')
          stop = failure;
        outcomes[index] = { symbol, error: failure };
      }
    }
  };
  const workers = Math.max(1, Math.min(concurrency, symbols.length));
  await Promise.all(Array.from({ length: workers }, work));
  return outcomes;
}

/** A classified provider error for anything a quote call threw. */
export function asFailure(error: unknown, symbol: string): StockpollerError {
  if (isStockpollerError(error) && error.failure !== undefined) return error;
  // A contract helper's complaint (a bad time, say) means the body held nonsense.
  return providerFailure('malformed', `quote of ${symbol}: ${describeError(error)}`, {
    cause: error,
  });
}
