import { StockpollerError, describeError } from '../../core/errors/index.js';
import type { FailureKind } from '../../core/errors/index.js';

/** Why the broker did not take one publish of a message. */
export interface Refusal {
  /** `nacked`: basic.nack; `unroutable`: basic.return; `channel-error`: the broker closed the channel. */
  readonly kind: 'nacked' | 'unroutable' | 'channel-error';
  /** What the broker said, for example `312 NO_ROUTE`. */
  readonly detail: string;
}

/** The text of the `x-stockpoller-reason` header and of {@link DeadLetter.reason}. */
export function reasonOf(refusal: Refusal): string {
  return refusal.detail === '' ? refusal.kind : `${refusal.kind}: ${refusal.detail}`;
}

function failureKindOf(refusal: Refusal): FailureKind {
  if (refusal.kind === 'unroutable') return 'not_found';
  if (/\b403\b/.test(refusal.detail)) return 'auth';
  if (/\b404\b/.test(refusal.detail)) return 'not_found';
  return 'unavailable';
}

function retryableOf(refusal: Refusal): boolean {
  return failureKindOf(refusal) === 'unavailable';
}

/** A message the broker refused on every attempt, with dead-lettering off. */
export function refusedError(id: string, refusal: Refusal, attempts: number): StockpollerError {
  const unroutable = refusal.kind === 'unroutable';
  return new StockpollerError(
    'SP_ERR_TRANSPORT_REJECTED',
    `rabbitmq refused message ${id} on all ${attempts} attempts (${reasonOf(refusal)})`,
    unroutable
      ? 'Bind a queue whose binding key matches the routing key, or turn mandatory off.'
      : 'Check the queue limits (x-max-length, x-overflow) and the permissions of the user.',
    { failure: { kind: failureKindOf(refusal), retryable: retryableOf(refusal) } },
  );
}

/** A message the broker kept refusing that now sits, safe, in the dead-letter queue. */
export function deadLetteredError(
  id: string,
  refusal: Refusal,
  attempts: number,
  queue: string,
): StockpollerError {
  return new StockpollerError(
    'SP_ERR_TRANSPORT_DEAD_LETTERED',
    `rabbitmq refused message ${id} on all ${attempts} attempts (${reasonOf(refusal)}); it was moved to the dead-letter queue "${queue}"`,
    'Fix the cause (a missing binding, a full queue), then run `stockpoller dlq redrive`.',
    { failure: { kind: failureKindOf(refusal), retryable: false } },
  );
}

/** A message that could be put neither on the exchange nor on the dead-letter exchange. */
export function deadLetterFailedError(
  id: string,
  refusal: Refusal,
  dlxRefusal: Refusal,
  exchange: string,
): StockpollerError {
  return new StockpollerError(
    'SP_ERR_TRANSPORT_PUBLISH_FAILED',
    `rabbitmq refused message ${id} (${reasonOf(refusal)}) and then its dead-lettering to "${exchange}" (${reasonOf(dlxRefusal)})`,
    'Check that the dead-letter exchange exists and has its queue bound (deadLetter, assert: true).',
    { failure: { kind: failureKindOf(dlxRefusal), retryable: retryableOf(dlxRefusal) } },
  );
}

/** A message whose confirm did not arrive before the time limit or stop(). */
export function unconfirmedError(id: string, why: string): StockpollerError {
  return new StockpollerError(
    'SP_ERR_TRANSPORT_UNAVAILABLE',
    `rabbitmq did not confirm message ${id}: ${why}`,
    'Check that the broker is up and not blocking publishers (memory or disk alarm); raise publishTimeoutMs to wait longer.',
    { failure: { kind: 'unavailable', retryable: true } },
  );
}

/** A message that cannot be published at all, whatever the broker's state. */
export function unpublishableError(id: string, cause: unknown): StockpollerError {
  return new StockpollerError(
    'SP_ERR_TRANSPORT_PUBLISH_FAILED',
    `rabbitmq cannot publish message ${id}: ${describeError(cause)}`,
    'Shorten the routing key template (at most 255 bytes) or the header values.',
    { cause, failure: { kind: 'bad_request', retryable: false } },
  );
}

/** An operation asked of a transport that is not started, or already stopping. */
export function notRunningError(why: string): StockpollerError {
  return new StockpollerError(
    'SP_ERR_TRANSPORT_UNAVAILABLE',
    `the rabbitmq transport ${why}`,
    'Call start() first; after stop() the transport takes nothing more.',
    { failure: { kind: 'unavailable', retryable: true } },
  );
}
