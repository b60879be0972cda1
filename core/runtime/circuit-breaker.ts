import { StockpollerError } from '../errors/index.js';
import type { Clock } from '../plugins/types.js';
import type { RuntimeEvents } from './events.js';

/** Where a circuit stands: calls flow, fail fast, or one probe call is let through. */
export type CircuitStateName = 'closed' | 'open' | 'half_open';

/** A circuit breaker at an instant, for metrics and health pages. */
export interface CircuitState {
  readonly state: CircuitStateName;
  /** Failed calls in a row, counted up to now (0 after a success). */
  readonly consecutiveFailures: number;
  /** Epoch ms at which the circuit last left `closed`, or null while it is closed. */
  readonly openedAt: number | null;
  /** Epoch ms from which the next probe call may go through, or null while closed. */
  readonly probeAt: number | null;
}

/** How to build a {@link CircuitBreaker}. */
export interface CircuitBreakerOptions {
  /** The provider instance's label, named in events and errors. */
  readonly provider: string;
  /** Failed calls in a row that open the circuit; 0 disables the breaker. */
  readonly failureThreshold: number;
  readonly openForMs: number;
  readonly clock: Clock;
  readonly events: Pick<RuntimeEvents, 'emit'>;
}

/** A call the breaker let through; hand it back once to {@link CircuitBreaker.settle}. */
export interface CircuitPass {
  /** True for the one call a half-open circuit lets through. */
  readonly probe: boolean;
}

/**
 * Stops calling a provider instance that keeps failing. After `failureThreshold` failed calls
 * in a row the circuit opens and every call fails fast with SP_ERR_PROVIDER_CIRCUIT_OPEN; once
 * `openFor` has passed, the next call goes through as a probe (half-open), and its success
 * closes the circuit while its failure opens it for another `openFor`. A call admitted while
 * the circuit was closed that ends after it opened changes nothing: only the probe decides.
 */
export class CircuitBreaker {
  private current: CircuitStateName = 'closed';
  private failures = 0;
  private openedAt: number | null = null;
  private probeAt: number | null = null;
  private probing = false;

  constructor(private readonly options: CircuitBreakerOptions) {}

  /** Lets a call through, or returns the error it fails fast with (the caller throws it). */
  admit(): CircuitPass | StockpollerError {
    if (this.options.failureThreshold === 0 || this.current === 'closed') return { probe: false };
    if (this.current === 'open' && this.options.clock.now() >= (this.probeAt ?? 0)) {
      this.current = 'half_open';
      this.options.events.emit('provider.circuit_half_open', { provider: this.options.provider });
    }
    if (this.current === 'half_open' && !this.probing) {
      this.probing = true;
      return { probe: true };
    }
    return this.openError();
  }

  /**
   * Reports how a call that was let through ended: `failureCode` is the code of a failure that
   * counts against the provider, undefined when the provider answered.
   */
  settle(pass: CircuitPass, failureCode: string | undefined): void {
    if (this.options.failureThreshold === 0) return;
    if (pass.probe) this.probing = false;
    if (this.current !== 'closed' && !pass.probe) return;

    if (failureCode === undefined) {
      this.failures = 0;
      if (pass.probe) this.close();
      return;
    }
    this.failures += 1;
    if (pass.probe || this.failures >= this.options.failureThreshold) this.open(failureCode);
  }

  /** Gives back a pass whose call was abandoned (its caller aborted): it proves nothing. */
  abandon(pass: CircuitPass): void {
    if (pass.probe) this.probing = false;
  }

  /** True while calls fail fast (open, or half-open with its probe under way). */
  isBlocking(): boolean {
    if (this.options.failureThreshold === 0 || this.current === 'closed') return false;
    if (this.current === 'half_open') return this.probing;
    return this.options.clock.now() < (this.probeAt ?? 0);
  }

  state(): CircuitState {
    return {
      state: this.current,
      consecutiveFailures: this.failures,
      openedAt: this.openedAt,
      probeAt: this.probeAt,
    };
  }

  private open(code: string): void {
    const now = this.options.clock.now();
    this.current = 'open';
    this.openedAt ??= now;
    this.probeAt = now + this.options.openForMs;
    this.options.events.emit('provider.circuit_opened', {
      provider: this.options.provider,
      failures: this.failures,
      openForMs: this.options.openForMs,
      code,
    });
  }

  private close(): void {
    const openedForMs = this.options.clock.now() - (this.openedAt ?? this.options.clock.now());
    this.current = 'closed';
    this.openedAt = null;
    this.probeAt = null;
    this.options.events.emit('provider.circuit_closed', {
      provider: this.options.provider,
      openedForMs,
    });
  }

  private openError(): StockpollerError {
    const { provider } = this.options;
    const now = this.options.clock.now();
    const probeAt = this.probeAt ?? now;
    const when = this.probing
      ? 'A probe call is under way; calls resume as soon as it succeeds.'
      : `It probes again at ${new Date(probeAt).toISOString()} (in ${Math.ceil((probeAt - now) / 1000)} s).`;
    return new StockpollerError(
      'SP_ERR_PROVIDER_CIRCUIT_OPEN',
      `provider "${provider}" is not called: it failed ${this.failures} calls in a row`,
      `${when} Check the provider's status and the network if it persists; tune circuitBreaker under providers.${provider}.`,
      { failure: { kind: 'unavailable', retryable: false } },
    );
  }
}
