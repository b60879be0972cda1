import type { Logger } from 'pino';
import type { Bar } from '../contract/types.js';
import { StockpollerError } from '../errors/index.js';
import { withTimeout } from '../kernel/timeout.js';
import type {
  BarRequest,
  CacheInstance,
  Clock,
  ProviderInstance,
  QuoteOutcome,
} from '../plugins/types.js';
import {
  barsKey,
  failedQuoteKey,
  failureEntryOf,
  quoteKey,
  readBarsEntry,
  readFailureEntry,
  readQuoteEntry,
  rememberedError,
} from './result-entries.js';
import { SingleFlight, type FlightLead } from './single-flight.js';

/** How long results and final failures are kept (a provider instance's manifest settings). */
export interface ResultCachePolicy {
  /** Seconds a quote or bars are reused; 0 turns result caching off. */
  readonly cacheTtlSeconds: number;
  /** Seconds a symbol that failed for good is answered from the cache; 0 turns it off. */
  readonly failedCacheTtlSeconds: number;
}

/** A cache read or write that takes longer is given up: the poll goes on without it. */
export const cacheTimeoutMs = 1_000;

interface Pending {
  readonly symbol: string;
  readonly lead: FlightLead<QuoteOutcome>;
}

/**
 * A provider instance behind a result cache shared by every pipeline of the instance (and by
 * every replica, when the cache is shared). Quotes are looked up per symbol, and only the
 * misses are asked for, in one call; final failures of a symbol (unknown, no data, plan, bad
 * request) are remembered apart and answered without a call. Identical lookups in flight at
 * once coalesce into one. The cache is a help, never a dependency: a read or write that fails
 * or hangs is logged and the provider is asked as if there were no cache.
 */
export class CachedProvider implements ProviderInstance {
  readonly capabilities: ProviderInstance['capabilities'];
  readonly fetchBars?: (request: BarRequest, signal?: AbortSignal) => Promise<Bar[]>;
  private readonly quoteFlights = new SingleFlight<QuoteOutcome>();
  private readonly barFlights = new SingleFlight<Bar[]>();
  private readonly resultTtlMs: number;
  private readonly failedTtlMs: number;

  constructor(
    private readonly inner: ProviderInstance,
    private readonly cache: CacheInstance,
    /** The provider instance's label: it scopes the keys, so instances never share entries. */
    private readonly label: string,
    policy: ResultCachePolicy,
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {
    this.capabilities = inner.capabilities;
    this.resultTtlMs = Math.round(policy.cacheTtlSeconds * 1000);
    this.failedTtlMs = Math.round(policy.failedCacheTtlSeconds * 1000);
    const fetchBars = inner.fetchBars?.bind(inner);
    if (fetchBars !== undefined) {
      this.fetchBars = (request, signal) =>
        this.resultTtlMs > 0
          ? this.cachedBars(fetchBars, request, signal)
          : fetchBars(request, signal);
    }
  }

  /** One outcome per symbol, in request order; throws when the call for the misses throws. */
  async fetchQuotes(symbols: readonly string[], signal?: AbortSignal): Promise<QuoteOutcome[]> {
    const led: Pending[] = [];
    const answers = symbols.map((symbol) => {
      const flight = this.quoteFlights.take(quoteKey(this.label, symbol));
      if (flight.lead !== undefined) led.push({ symbol, lead: flight.lead });
      return flight.promise;
    });
    if (led.length > 0) await this.answer(led, signal);
    return Promise.all(answers);
  }

  /** Settles every flight of `led`; never throws, or joiners would wait forever. */
  private async answer(led: readonly Pending[], signal: AbortSignal | undefined): Promise<void> {
    try {
      const misses = await this.answerFromCache(led);
      if (misses.length === 0) return;
      const outcomes = await this.inner.fetchQuotes(
        misses.map((m) => m.symbol),
        signal,
      );
      await this.remember(outcomes);
      misses.forEach(({ symbol, lead }, index) => {
        lead.resolve(outcomeFor(symbol, outcomes, index));
      });
    } catch (error) {
      // Settling is idempotent: flights already answered from the cache keep their answer.
      for (const { lead } of led) lead.reject(error);
    }
  }

  /** Resolves the flights the cache can answer; returns the others. */
  private async answerFromCache(led: readonly Pending[]): Promise<Pending[]> {
    const failures: unknown[] = [];
    const read = (key: string, wanted: boolean): Promise<unknown> =>
      wanted ? this.read(key, failures) : Promise.resolve(undefined);
    const found = await Promise.all(
      led.map(({ symbol }) =>
        Promise.all([
          read(quoteKey(this.label, symbol), this.resultTtlMs > 0),
          read(failedQuoteKey(this.label, symbol), this.failedTtlMs > 0),
        ]),
      ),
    );
    if (failures.length > 0) {
      this.log.warn(
        { provider: this.label, err: failures[0], failedReads: failures.length },
        'result cache unreadable, asking the provider',
      );
    }

    const now = this.clock.now();
    const misses: Pending[] = [];
    led.forEach(({ symbol, lead }, index) => {
      const cached = this.cachedOutcome(symbol, found[index], now);
      if (cached === undefined) misses.push({ symbol, lead });
      else lead.resolve(cached);
    });
    this.log.debug(
      { provider: this.label, hits: led.length - misses.length, misses: misses.length },
      'quotes looked up in result cache',
    );
    return misses;
  }

  /** A symbol's answer from what the cache held: its quote, else its remembered failure. */
  private cachedOutcome(
    symbol: string,
    [quoteValue, failureValue]: readonly unknown[] = [],
    now: number,
  ): QuoteOutcome | undefined {
    const quote = readQuoteEntry(quoteValue, symbol, now);
    if (quote !== undefined) return { symbol, quote };
    const failure = readFailureEntry(failureValue, now);
    if (failure !== undefined) return { symbol, error: rememberedError(failure, this.label) };
    return undefined;
  }

  /** Stores each quote, and each failure that is final for its symbol, under its own key. */
  private async remember(outcomes: readonly QuoteOutcome[]): Promise<void> {
    const now = this.clock.now();
    const sharedBy = new Map<StockpollerError, number>();
    for (const { error } of outcomes) {
      if (error !== undefined) sharedBy.set(error, (sharedBy.get(error) ?? 0) + 1);
    }

    const writes: Promise<unknown>[] = [];
    for (const outcome of outcomes) {
      if (outcome.error === undefined) {
        if (this.resultTtlMs <= 0) continue;
        const entry = { v: 1, until: now + this.resultTtlMs, quote: outcome.quote };
        writes.push(this.write(quoteKey(this.label, outcome.symbol), entry, this.resultTtlMs));
      } else if (this.failedTtlMs > 0) {
        const shared = sharedBy.get(outcome.error) ?? 1;
        const entry = failureEntryOf(outcome.error, shared, now + this.failedTtlMs);
        const key = failedQuoteKey(this.label, outcome.symbol);
        if (entry !== undefined) writes.push(this.write(key, entry, this.failedTtlMs));
      }
    }
    await this.settleWrites(writes);
  }

  // Live bar polls end their window on a bar boundary, so polls within one bar share an entry.
  private cachedBars(
    fetchBars: NonNullable<ProviderInstance['fetchBars']>,
    request: BarRequest,
    signal: AbortSignal | undefined,
  ): Promise<Bar[]> {
    const key = barsKey(this.label, request);
    return this.barFlights.run(key, async () => {
      const failures: unknown[] = [];
      const cached = readBarsEntry(await this.read(key, failures), this.clock.now());
      if (failures.length > 0) {
        this.log.warn(
          { provider: this.label, err: failures[0] },
          'result cache unreadable, asking the provider',
        );
      }
      if (cached !== undefined) return cached;

      const bars = await fetchBars(request, signal);
      const entry = { v: 1, until: this.clock.now() + this.resultTtlMs, bars };
      await this.settleWrites([this.write(key, entry, this.resultTtlMs)]);
      return bars;
    });
  }

  /** The cached value at `key`; a failure or timeout is pushed to `failures` and reads as a miss. */
  private async read(key: string, failures: unknown[]): Promise<unknown> {
    try {
      return await withTimeout(this.cache.get<unknown>(key), cacheTimeoutMs, () =>
        timedOut('read'),
      );
    } catch (error) {
      failures.push(error);
      return undefined;
    }
  }

  // Async, so that a cache throwing at once fails this write only and never the poll.
  private async write(key: string, value: unknown, ttlMs: number): Promise<void> {
    await withTimeout(this.cache.set(key, value, ttlMs), cacheTimeoutMs, () => timedOut('write'));
  }

  /** Waits for the writes; one warning for all that failed. */
  private async settleWrites(writes: readonly Promise<unknown>[]): Promise<void> {
    const results = await Promise.allSettled(writes);
    const failed = results.filter((r) => r.status === 'rejected');
    if (failed.length === 0) return;
    this.log.warn(
      { provider: this.label, err: failed[0]?.reason, failedWrites: failed.length },
      'result cache write failed, results not shared',
    );
  }
}

/** The outcome of `symbol` in a provider's answer: at `index` as the contract says, or found. */
function outcomeFor(
  symbol: string,
  outcomes: readonly QuoteOutcome[],
  index: number,
): QuoteOutcome {
  const atIndex = outcomes[index];
  if (atIndex?.symbol === symbol) return atIndex;
  const found = outcomes.find((o) => o.symbol === symbol);
  if (found !== undefined) return found;
  return {
    symbol,
    error: new StockpollerError(
      'SP_ERR_PROVIDER_MALFORMED',
      `the provider returned no outcome for ${symbol}`,
      'Report it against the provider plugin: it must answer every symbol asked for.',
      { failure: { kind: 'malformed', retryable: false } },
    ),
  };
}

function timedOut(operation: 'read' | 'write'): Error {
  return new Error(`result cache ${operation} took longer than ${cacheTimeoutMs} ms`);
}
