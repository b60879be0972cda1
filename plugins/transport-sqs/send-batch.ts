import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { setTimeout as delay } from 'node:timers/promises';
import type { Logger } from 'pino';
import type { FailureInfo, StockpollerError } from '../../core/errors/index.js';
import { classifyAwsError, classifyEntryFailure, publishError, reasonOf } from './classify.js';
import type { OutgoingMessage } from './entries.js';

/** How often and how patiently a failed message is tried again. */
export interface RetryPolicy {
  /** Tries of one message, the first included. */
  readonly maxAttempts: number;
  /** Backoff after the first try; doubled after each further try. */
  readonly baseDelayMs: number;
  /** Upper bound of one backoff. */
  readonly maxDelayMs: number;
}

/**
 * Milliseconds to wait after `attempt` tries (1 after the first). The ceiling doubles with
 * each try up to `maxDelayMs`; the wait is half the ceiling plus a random share of the other
 * half ("equal jitter"). Jitter keeps many replicas from retrying in lockstep, and the fixed
 * half guarantees the retries of one message together cover a known minimum of time, which
 * matters when the endpoint is down for a few seconds rather than throttling.
 */
export function computeBackoffMs(
  policy: RetryPolicy,
  attempt: number,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/**
 * Waits `ms` milliseconds; resolves true when the time passed and false when `signal` aborted
 * the wait first (the transport is stopping), never rejects.
 */
export async function waitFor(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return false;
  try {
    await delay(ms, undefined, { signal });
    return true;
  } catch {
    return false;
  }
}

/** Where and how one batch is sent. */
export interface BatchTarget {
  readonly client: SQSClient;
  readonly queueUrl: string;
  /** Queue name for logs and messages (never a credential). */
  readonly queueName: string;
  readonly retry: RetryPolicy;
  /** Aborted by stop(): backoffs end at once and what is left is reported failed. */
  readonly signal: AbortSignal;
  readonly log: Logger;
  readonly random?: () => number;
  /** Told the outcome of every SendMessageBatch request, for health(). */
  readonly onRequest?: (failure: { reason: string; info: FailureInfo } | undefined) => void;
}

/** Outcome of one message: undefined when SQS accepted it, else its final error. */
export type SendOutcome = StockpollerError | undefined;

interface Retryable {
  readonly message: OutgoingMessage;
  readonly reason: string;
  readonly info: FailureInfo;
}

/**
 * Sends one batch of at most 10 entries with SendMessageBatch. Entries that fail retryably
 * (SQS's own fault, throttling) are sent again on their own, without the entries that
 * succeeded, after an exponential backoff with jitter; a failed request (network, 5xx) sends
 * every entry again. An entry that fails for good, or runs out of tries, gets a classified
 * SP_ERR_TRANSPORT_PUBLISH_FAILED. Returns the outcome of each message by entry id; never
 * throws.
 */
export async function sendBatch(
  target: BatchTarget,
  messages: readonly OutgoingMessage[],
): Promise<Map<string, SendOutcome>> {
  const outcomes = new Map<string, SendOutcome>();
  let pending: readonly OutgoingMessage[] = messages;

  for (let attempt = 1; pending.length > 0; attempt += 1) {
    const retry = await sendOnce(target, pending, outcomes, attempt);
    const final = attempt >= target.retry.maxAttempts;
    const keep = final ? [] : retry;
    for (const failed of final ? retry : []) {
      outcomes.set(failed.message.entry.Id ?? '', failure(target, failed, attempt));
    }
    if (keep.length === 0) break;

    const waitMs = computeBackoffMs(target.retry, attempt, target.random);
    const first = keep[0] as Retryable;
    target.log.warn(
      {
        queue: target.queueName,
        failed: keep.length,
        attempt,
        retryInMs: waitMs,
        kind: first.info.kind,
        reason: first.reason,
      },
      'sqs entries failed, retrying',
    );
    if (!(await waitFor(waitMs, target.signal))) {
      for (const failed of keep) {
        const stopped = { ...failed, reason: `${failed.reason} (stopped before trying again)` };
        outcomes.set(failed.message.entry.Id ?? '', failure(target, stopped, attempt));
      }
      break;
    }
    pending = keep.map((failed) => failed.message);
  }
  return outcomes;
}

/** One SendMessageBatch request; records final outcomes and returns what may be retried. */
async function sendOnce(
  target: BatchTarget,
  pending: readonly OutgoingMessage[],
  outcomes: Map<string, SendOutcome>,
  attempt: number,
): Promise<Retryable[]> {
  const byId = new Map(pending.map((message) => [message.entry.Id ?? '', message]));
  let answer;
  try {
    answer = await target.client.send(
      new SendMessageBatchCommand({
        QueueUrl: target.queueUrl,
        Entries: pending.map((message) => message.entry),
      }),
    );
  } catch (error) {
    const info = classifyAwsError(error);
    const reason = reasonOf(error);
    target.onRequest?.({ reason, info });
    if (info.retryable) return pending.map((message) => ({ message, reason, info }));
    for (const message of pending) {
      outcomes.set(
        message.entry.Id ?? '',
        failure(target, { message, reason, info }, attempt, error),
      );
    }
    return [];
  }

  target.onRequest?.(undefined);
  for (const success of answer.Successful ?? []) {
    if (byId.delete(success.Id ?? '')) outcomes.set(success.Id ?? '', undefined);
  }
  const retry: Retryable[] = [];
  for (const failed of answer.Failed ?? []) {
    const message = byId.get(failed.Id ?? '');
    if (message === undefined) continue;
    byId.delete(failed.Id ?? '');
    const info = classifyEntryFailure(failed);
    const reason = `${failed.Code ?? 'unknown'}: ${failed.Message ?? 'no message'}`;
    if (info.retryable) retry.push({ message, reason, info });
    else outcomes.set(message.entry.Id ?? '', failure(target, { message, reason, info }, attempt));
  }
  // An entry the answer does not mention is in an unknown state: trying it again may
  // duplicate it, which at-least-once delivery allows, while dropping it would lose it.
  for (const message of byId.values()) {
    retry.push({
      message,
      reason: 'missing from the answer',
      info: { kind: 'unavailable', retryable: true },
    });
  }
  return retry;
}

function failure(
  target: BatchTarget,
  failed: Retryable,
  attempts: number,
  cause?: unknown,
): StockpollerError {
  const tries = attempts === 1 ? '1 try' : `${attempts} tries`;
  return publishError(
    `message ${failed.message.messageId} to queue "${target.queueName}" (${tries})`,
    failed.reason,
    failed.info,
    cause,
  );
}
