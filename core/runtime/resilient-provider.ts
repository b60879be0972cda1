import type { Logger } from 'pino';
import type { Bar } from '../contract/types.js';
import { isStockpollerError, type FailureInfo } from '../errors/index.js';
import type {
  BarRequest,
  Clock,
  ProviderInstance,
  QuoteOutcome,
  RateGate,
} from '../plugins/types.js';
import { chunk } from '../providers/records.js';
import { backoffDelay, retryableFailure, systemSleep, type RandomSource } from './backoff.js';
import type { RetryPolicy, Sleep } from './backoff.js';
import { CircuitBreaker, type CircuitState } from './circuit-breaker.js';
import { ConcurrencyLimit, type ConcurrencyState } from './concurrency-limit.js';
import type { RuntimeEvents } from './events.js';
import { callFailureCode, mergeQuoteAnswers, quoteCallFailureCode } from './quote-attempts.js';

/** How to build a {@link ResilientProvider}. */
export interface ResilienceOptions {
  /** The provider instance's label (its key under `providers:`). */
  readonly provider: string;
  /** Most calls in flight at once, shared by every pipeline using the instance. */
  readonly concurrency: number;
  readonly retry: RetryPolicy;
  /** 0 disables the breaker. */
  readonly failureThreshold: number;
  readonly openForMs: number;
  readonly events: Pick<RuntimeEvents, 'emit'>;
  readonly log: Logger;
  readonly clock: Clock;
  /** Default: Math.random. */
  readonly random?: RandomSource;
  /** Default: a real, abortable timer. */
  readonly sleep?: Sleep;
  /** The instance's rate gate: told of every rate limit an attempt meets, at once. */
  readonly rateGate?: ResilienceGate;
}

/** What the layer needs of a provider's rate gate. */
export type ResilienceGate = Pick<RateGate, 'penalize'> & {
  /** The largest cost one call may have (the tightest window's limit). */
  largestCost(): number;
};

/** Concurrency and circuit of a resilient provider, for metrics. */
export interface ResilienceState {
  readonly concurrency: ConcurrencyState;
  readonly circuit: CircuitState;
}

type Operation = 'fetchQuotes' | 'fetchBars';

/**
 * A provider instance behind a concurrency bound, retries and a circuit breaker. Layers, from
 * the outside in: retries (backoff sleeps hold nothing), then one concurrency slot per attempt,
 * then the breaker (so a call that waited for a slot still fails fast once the circuit opened),
 * then the provider. Quote calls retry only the symbols that failed retryably. It has no
 * start() or stop(): the kernel starts and stops the instance it wraps.
 */
export class ResilientProvider implements ProviderInstance {
  readonly capabilities: ProviderInstance['capabilities'];
  readonly fetchBars?: (request: BarRequest, signal?: AbortSignal) => Promise<Bar[]>;
  private readonly slots: ConcurrencyLimit;
  private readonly breaker: CircuitBreaker;
  private readonly random: RandomSource;
  private readonly sleep: Sleep;

  constructor(
    private readonly inner: ProviderInstance,
    private readonly options: ResilienceOptions,
  ) {
    this.capabilities = capabilitiesWithin(inner.capabilities, options.rateGate);
    this.slots = new ConcurrencyLimit(options.concurrency);
    this.breaker = new CircuitBreaker(options);
    this.random = options.random ?? Math.random;
    this.sleep = options.sleep ?? systemSleep;
    const innerBars = inner.fetchBars?.bind(inner);
    if (innerBars !== undefined) {
      this.fetchBars = (request, signal) => this.barsWithRetries(innerBars, request, signal);
    }
  }

  /**
   * One outcome per symbol, in request order. A symbol that failed retryably is asked again
   * (alone with the others that did) until it succeeds or the attempts run out; while the
   * circuit is open every symbol fails with SP_ERR_PROVIDER_CIRCUIT_OPEN. When the batch size
   * was cut to fit the rate limits, longer lists are asked in parts of that size.
   */
  async fetchQuotes(symbols: readonly string[], signal?: AbortSignal): Promise<QuoteOutcome[]> {
    const size = this.capabilities.maxSymbolsPerCall;
    if (this.capabilities === this.inner.capabilities || symbols.length <= size) {
      return this.quotesWithRetries(symbols, signal);
    }
    const parts = chunk(symbols, size);
    const answers = await Promise.all(parts.map((part) => this.quotesWithRetries(part, signal)));
    return answers.flat();
  }

  private async quotesWithRetries(
    symbols: readonly string[],
    signal: AbortSignal | undefined,
  ): Promise<QuoteOutcome[]> {
    if (symbols.length === 0) return [];
    const outcomes: (QuoteOutcome | undefined)[] = symbols.map(() => undefined);
    let pending = symbols.map((_, index) => index);
    for (let attempt = 1; ; attempt += 1) {
      const asked = pending.map((index) => symbols[index] as string);
      const answers = await this.quoteAttempt(asked, signal);
      await this.penalize(answers.map((answer) => answer.error?.failure));
      const retry = mergeQuoteAnswers(outcomes, pending, asked, answers);
      if (retry.indexes.length === 0 || retry.error === undefined) break;
      if (!(await this.mayRetry('fetchQuotes', attempt, retry.error, retry.waitMs, signal))) break;
      pending = retry.indexes;
    }
    return outcomes as QuoteOutcome[];
  }

  /** Concurrency and circuit now. */
  state(): ResilienceState {
    return { concurrency: this.slots.state(), circuit: this.breaker.state() };
  }

  private async quoteAttempt(
    symbols: readonly string[],
    signal: AbortSignal | undefined,
  ): Promise<QuoteOutcome[]> {
    try {
      return await this.attempt(
        () => this.inner.fetchQuotes(symbols, signal),
        quoteCallFailureCode,
        signal,
      );
    } catch (error) {
      // A whole call that threw fails each of its symbols; an abort or a bug still throws.
      if (signal?.aborted === true || !isStockpollerError(error)) throw error;
      return symbols.map((symbol) => ({ symbol, error }));
    }
  }

  private async barsWithRetries(
    fetchBars: (request: BarRequest, signal?: AbortSignal) => Promise<Bar[]>,
    request: BarRequest,
    signal: AbortSignal | undefined,
  ): Promise<Bar[]> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.attempt(() => fetchBars(request, signal), noFailure, signal);
      } catch (error) {
        if (isStockpollerError(error)) await this.penalize([error.failure]);
        const failure = signal?.aborted === true ? undefined : retryableFailure(error);
        if (failure === undefined) throw error;
        const waitMs = failure.retryAfterMs ?? 0;
        if (!(await this.mayRetry('fetchBars', attempt, error, waitMs, signal))) throw error;
      }
    }
  }

  /**
   * Tells the rate gate of each distinct rate limit met (a failed batch shares one failure among
   * its symbols) as soon as the attempt ends, before any backoff: every other caller of the
   * instance waits out a Retry-After, or is parked until a daily quota resets, even when the
   * signal came in a body under HTTP 200, which the HTTP layer cannot see.
   */
  private async penalize(failures: readonly (FailureInfo | undefined)[]): Promise<void> {
    const gate = this.options.rateGate;
    if (gate === undefined) return;
    const limited = new Set(failures.filter((failure) => failure?.kind === 'rate_limited'));
    for (const failure of limited) if (failure !== undefined) await gate.penalize(failure);
  }

  /** One attempt: a slot, the breaker's leave, the call; the breaker learns how it went. */
  private async attempt<T>(
    call: () => Promise<T>,
    failureCodeOf: (result: T) => string | undefined,
    signal: AbortSignal | undefined,
  ): Promise<T> {
    const release = await this.slots.acquire(signal);
    try {
      const pass = this.breaker.admit();
      if (isStockpollerError(pass)) throw pass;
      let result: T;
      try {
        result = await call();
      } catch (error) {
        if (signal?.aborted === true) this.breaker.abandon(pass);
        else this.breaker.settle(pass, callFailureCode(error));
        throw error;
      }
      // An aborted call may come back as failures it did not earn: they prove nothing.
      if (signal?.aborted === true) this.breaker.abandon(pass);
      else this.breaker.settle(pass, failureCodeOf(result));
      return result;
    } finally {
      release();
    }
  }

  /**
   * After failed attempt `attempt`: false when no attempt is left (reported once, as an event)
   * or the circuit has opened; otherwise waits out the backoff and returns true.
   */
  private async mayRetry(
    operation: Operation,
    attempt: number,
    error: unknown,
    retryAfterMs: number,
    signal: AbortSignal | undefined,
  ): Promise<boolean> {
    const provider = this.options.provider;
    const code = isStockpollerError(error) ? error.code : undefined;
    if (attempt >= this.options.retry.maxAttempts) {
      const kind = isStockpollerError(error) ? error.failure?.kind : undefined;
      const fields = { provider, operation, attempts: attempt, code, kind };
      this.options.events.emit('provider.retries_exhausted', fields);
      return false;
    }
    if (this.breaker.isBlocking()) return false;

    const retryInMs = backoffDelay(attempt, this.options.retry, this.random, retryAfterMs);
    const fields = { provider, operation, attempt, retryInMs, code };
    // One retry is routine; needing a second one is worth a look.
    if (attempt === 1) this.options.log.debug(fields, 'provider call failed, retrying');
    else this.options.log.warn(fields, 'provider call failed again, retrying');
    await this.sleep(retryInMs, signal);
    return true;
  }
}

const noFailure = (): undefined => undefined;

/**
 * The inner provider's capabilities, its batch size cut to what the tightest window holds when
 * each symbol costs a unit: a larger call could never be granted.
 */
function capabilitiesWithin(
  capabilities: ProviderInstance['capabilities'],
  gate: ResilienceGate | undefined,
): ProviderInstance['capabilities'] {
  if (capabilities.costPerSymbol !== true || gate === undefined) return capabilities;
  const fits = Math.max(1, Math.min(capabilities.maxSymbolsPerCall, gate.largestCost()));
  return fits === capabilities.maxSymbolsPerCall
    ? capabilities
    : { ...capabilities, maxSymbolsPerCall: fits };
}
