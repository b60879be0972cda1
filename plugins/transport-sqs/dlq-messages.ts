import {
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageBatchCommand,
  ReceiveMessageCommand,
  type Message,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { Logger } from 'pino';
import { StockpollerError } from '../../core/errors/index.js';
import type { DeadLetter } from '../../core/plugins/types.js';
import { classifyAwsError, reasonOf } from './classify.js';
import { maxEntriesPerBatch, sizeOfEntry, type OutgoingMessage } from './entries.js';

/** A received message that carries the receipt handle needed to release or delete it. */
export type Received = Message & { readonly MessageId: string; readonly ReceiptHandle: string };

/**
 * Receives up to `max` (at most 10) messages, hidden from other consumers for
 * `visibilitySeconds`. A one-second long poll: a short poll of real SQS samples only some of
 * its servers and can answer "empty" while messages exist.
 */
export async function receiveSome(
  client: SQSClient,
  queueUrl: string,
  max: number,
  visibilitySeconds: number,
): Promise<Received[]> {
  const answer = await client.send(
    new ReceiveMessageCommand({
      QueueUrl: queueUrl,
      MaxNumberOfMessages: Math.min(max, maxEntriesPerBatch),
      VisibilityTimeout: visibilitySeconds,
      WaitTimeSeconds: 1,
      MessageAttributeNames: ['All'],
      MessageSystemAttributeNames: ['SentTimestamp', 'ApproximateReceiveCount', 'MessageGroupId'],
    }),
  );
  return (answer.Messages ?? []).filter(
    (message): message is Received =>
      message.MessageId !== undefined && message.ReceiptHandle !== undefined,
  );
}

/**
 * Makes received messages visible again at once. A failure is logged, not thrown: the
 * messages then reappear by themselves when their visibility timeout ends.
 */
export async function releaseAll(
  client: SQSClient,
  queueUrl: string,
  handles: readonly string[],
  log: Logger,
): Promise<void> {
  for (let start = 0; start < handles.length; start += maxEntriesPerBatch) {
    const entries = handles
      .slice(start, start + maxEntriesPerBatch)
      .map((handle, index) => ({ Id: `v${index}`, ReceiptHandle: handle, VisibilityTimeout: 0 }));
    try {
      await client.send(
        new ChangeMessageVisibilityBatchCommand({ QueueUrl: queueUrl, Entries: entries }),
      );
    } catch (error) {
      log.warn({ err: error, messages: entries.length }, 'dead letters not released early');
    }
  }
}

/** Deletes received messages; returns the receipt handles whose deletion failed. */
export async function deleteAll(
  client: SQSClient,
  queueUrl: string,
  handles: readonly string[],
): Promise<string[]> {
  if (handles.length === 0) return [];
  const entries = handles.map((handle, index) => ({ Id: `d${index}`, ReceiptHandle: handle }));
  try {
    const answer = await client.send(
      new DeleteMessageBatchCommand({ QueueUrl: queueUrl, Entries: entries }),
    );
    const failed = new Set((answer.Failed ?? []).map((entry) => entry.Id));
    return entries.filter((entry) => failed.has(entry.Id)).map((entry) => entry.ReceiptHandle);
  } catch {
    return [...handles];
  }
}

/** What `stockpoller dlq inspect` shows of one message, and its send time for sorting. */
export function deadLetterOf(
  message: Received,
  nowMs: number,
  maxReceiveCount: number | undefined,
): { readonly letter: DeadLetter; readonly sentAtMs: number } {
  const attribute = (name: string): string | undefined =>
    message.MessageAttributes?.[name]?.StringValue;
  const sentAtMs = Number(message.Attributes?.SentTimestamp ?? Number.NaN);
  const receives = Number(message.Attributes?.ApproximateReceiveCount ?? 1);
  const limit = maxReceiveCount === undefined ? 'maxReceiveCount' : String(maxReceiveCount);
  const letter: DeadLetter = {
    id: attribute('messageId') ?? message.MessageId,
    // A consumer that dead-letters by hand may say why; SQS itself moves a message only
    // after too many receives.
    reason: attribute('deadLetterReason') ?? `received more than ${limit} times`,
    // This receive counts too; it is not a delivery attempt.
    attempts: Math.max(0, receives - 1),
    symbol: attribute('symbol') ?? null,
    ageMs: Number.isFinite(sentAtMs) ? Math.max(0, nowMs - sentAtMs) : null,
  };
  return { letter, sentAtMs: Number.isFinite(sentAtMs) ? sentAtMs : Number.POSITIVE_INFINITY };
}

/**
 * The message to send back to the main queue: the same body and attributes. On FIFO queues
 * it keeps its group, and its deduplication id joins the record id to the dead letter's SQS
 * id: a fresh id, so SQS does not drop it as a copy of the original send, and the same id if
 * one dead letter is redriven twice (its deletion failed), so that copy is dropped.
 */
export function redriveMessageOf(message: Received, index: number, fifo: boolean): OutgoingMessage {
  const id = message.MessageAttributes?.messageId?.StringValue ?? message.MessageId;
  const group =
    message.Attributes?.MessageGroupId ??
    message.MessageAttributes?.symbol?.StringValue ??
    'stockpoller';
  const entry = {
    Id: `r${index}`,
    MessageBody: message.Body ?? '',
    ...(message.MessageAttributes === undefined
      ? {}
      : { MessageAttributes: message.MessageAttributes }),
    ...(fifo
      ? {
          MessageGroupId: group,
          MessageDeduplicationId: `${id}-${message.MessageId}`.slice(0, 128),
        }
      : {}),
  };
  return { messageId: id, entry, bytes: sizeOfEntry(entry) };
}

/** SP_ERR_TRANSPORT_DEAD_LETTERS for a failed call on the dead-letter queue. */
export function deadLetterError(what: string, error: unknown): StockpollerError {
  return new StockpollerError(
    'SP_ERR_TRANSPORT_DEAD_LETTERS',
    `sqs transport failed ${what}: ${reasonOf(error)}`,
    'Check that the credentials allow receiving, sending, deleting and changing visibility.',
    { cause: error, failure: classifyAwsError(error) },
  );
}
