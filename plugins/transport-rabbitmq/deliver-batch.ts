import type { ConfirmChannel } from 'amqplib';
import type { Logger } from 'pino';
import { describeError } from '../../core/errors/index.js';
import type { Clock, DeliveryResult } from '../../core/plugins/types.js';
import { computeBackoffDelay, sleepFor } from './backoff.js';
import { publishRound, type RoundOutcome } from './confirm-round.js';
import { toDeadLetter, type OutgoingMessage } from './message.js';
import type { DeadLetterOptions, RetryOptions } from './option-groups.js';
import {
  deadLetterFailedError,
  deadLetteredError,
  reasonOf,
  refusedError,
  unconfirmedError,
  unpublishableError,
  type Refusal,
} from './refusal.js';

/** The part of the broker link a delivery needs (a stand-in in unit tests). */
export interface PublishLink {
  writableChannel(signal?: AbortSignal): Promise<ConfirmChannel>;
  isWritable(channel: ConfirmChannel): boolean;
}

/** How a batch is delivered. */
export interface DeliveryPolicy {
  readonly link: PublishLink;
  readonly retry: RetryOptions;
  readonly deadLetter: DeadLetterOptions;
  /** For the dead-lettering time in the headers. */
  readonly clock: Clock;
  readonly log: Logger;
}

interface Item {
  readonly id: string;
  readonly original: OutgoingMessage;
  current: OutgoingMessage;
  deadLettering: boolean;
  /** Publishes the broker refused (nack, return, channel error); lost confirms do not count. */
  attempts: number;
  refusal: Refusal | undefined;
  /** performance.now() before which it is not published again (retry backoff). */
  notBefore: number;
  result: DeliveryResult | undefined;
}

// After a round in which nothing moved (a channel that just died), before the next one.
const idleRoundMs = 50;

/**
 * Delivers one batch at least once and reports each message, in input order: published in
 * rounds on the confirm channel until every message is confirmed or settled. A message whose
 * confirm was lost with the connection goes out again in the next round, on the new channel
 * (duplicates are possible, losses are not). A message the broker refuses is retried after an
 * exponential backoff with jitter; after `retry.maxAttempts` refusals it goes to the dead-letter
 * exchange (reported SP_ERR_TRANSPORT_DEAD_LETTERED), or, when that is off or refuses it too,
 * it fails with a classified error. Aborting `signal` (time limit, stop) fails what is still
 * unconfirmed with SP_ERR_TRANSPORT_UNAVAILABLE.
 */
export async function deliverBatch(
  policy: DeliveryPolicy,
  messages: readonly { readonly id: string; readonly message: OutgoingMessage }[],
  signal: AbortSignal,
): Promise<DeliveryResult[]> {
  const items = messages.map(({ id, message }): Item => ({
    id,
    original: message,
    current: message,
    deadLettering: false,
    attempts: 0,
    refusal: undefined,
    notBefore: 0,
    result: undefined,
  }));
  let pending = items;
  let rounds = 0;
  while (pending.length > 0) {
    const ready = pending.filter((item) => item.notBefore <= performance.now());
    try {
      if (ready.length === 0) {
        const soonest = Math.min(...pending.map((item) => item.notBefore));
        await sleepFor(soonest - performance.now(), signal);
        continue;
      }
      const channel = await policy.link.writableChannel(signal);
      const canPublish = (): boolean => policy.link.isWritable(channel);
      const outcomes = await publishRound(
        channel,
        ready.map((item) => item.current),
        { canPublish, signal },
      );
      rounds += 1;
      const moved = settleRound(policy, ready, outcomes);
      if (!moved) await sleepFor(idleRoundMs, signal);
    } catch (error) {
      // Only an abort (time limit, stop) or a closing link end the wait: give up on the rest.
      const why = describeError(error);
      for (const item of pending) {
        item.result = { id: item.id, delivered: false, error: unconfirmedError(item.id, why) };
      }
    }
    pending = pending.filter((item) => item.result === undefined);
  }
  policy.log.debug({ messages: items.length, rounds }, 'batch published');
  return items.map((item) => item.result as DeliveryResult);
}

/** Applies a round's outcomes; false when nothing was confirmed or refused. */
function settleRound(
  policy: DeliveryPolicy,
  items: readonly Item[],
  outcomes: readonly RoundOutcome[],
): boolean {
  let moved = false;
  let lost = 0;
  const retried = new Map<string, number>();
  const deadLettered = new Map<string, number>();
  for (const [index, item] of items.entries()) {
    const outcome = outcomes[index];
    if (outcome === undefined) continue;
    if (outcome.status === 'unconfirmed') {
      if (outcome.sent) lost += 1;
      continue;
    }
    moved = true;
    if (outcome.status === 'unpublishable') {
      item.result = {
        id: item.id,
        delivered: false,
        error: unpublishableError(item.id, outcome.error),
      };
    } else if (outcome.status === 'confirmed') {
      item.result = item.deadLettering
        ? {
            id: item.id,
            delivered: false,
            error: deadLetteredError(
              item.id,
              item.refusal as Refusal,
              item.attempts,
              policy.deadLetter.queue,
            ),
          }
        : { id: item.id, delivered: true };
    } else {
      const next = refuse(policy, item, outcome.refusal);
      const reason = reasonOf(outcome.refusal);
      const tally = next === 'retry' ? retried : next === 'dead-letter' ? deadLettered : undefined;
      tally?.set(reason, (tally.get(reason) ?? 0) + 1);
    }
  }
  if (lost > 0) {
    policy.log.warn({ messages: lost }, 'confirms lost with the connection, publishing again');
  }
  for (const [reason, count] of retried) {
    policy.log.warn({ messages: count, reason }, 'rabbitmq refused messages, retrying');
  }
  for (const [reason, count] of deadLettered) {
    policy.log.warn(
      { messages: count, reason, exchange: policy.deadLetter.exchange },
      'rabbitmq kept refusing messages, dead-lettering them',
    );
  }
  return moved;
}

/** Counts a refusal and decides what comes next for the message. */
function refuse(
  policy: DeliveryPolicy,
  item: Item,
  refusal: Refusal,
): 'retry' | 'dead-letter' | 'settled' {
  if (item.deadLettering) {
    const error = deadLetterFailedError(
      item.id,
      item.refusal as Refusal,
      refusal,
      policy.deadLetter.exchange,
    );
    item.result = { id: item.id, delivered: false, error };
    return 'settled';
  }
  item.attempts += 1;
  item.refusal = refusal;
  if (item.attempts < policy.retry.maxAttempts) {
    item.notBefore = performance.now() + computeBackoffDelay(policy.retry, item.attempts);
    return 'retry';
  }
  if (!policy.deadLetter.enabled) {
    item.result = {
      id: item.id,
      delivered: false,
      error: refusedError(item.id, refusal, item.attempts),
    };
    return 'settled';
  }
  item.deadLettering = true;
  item.notBefore = 0;
  item.current = toDeadLetter(
    item.original,
    policy.deadLetter.exchange,
    reasonOf(refusal),
    item.attempts,
    policy.clock.now(),
  );
  return 'dead-letter';
}
