import type { MessageAttributeValue, SendMessageBatchRequestEntry } from '@aws-sdk/client-sqs';
import { messageAttributesOf, notApplicableAttribute } from '../../core/contract/attributes.js';
import { envelopeJson } from '../../core/contract/serialize.js';
import type { Envelope } from '../../core/contract/types.js';

/** Most entries SQS accepts in one SendMessageBatch request. */
export const maxEntriesPerBatch = 10;

/** One message on its way to SQS, with what is needed to report and size it. */
export interface OutgoingMessage {
  /** The stockpoller message id (or, for foreign messages, the SQS one), for results and logs. */
  readonly messageId: string;
  /** The request entry; its `Id` is unique within one publish call. */
  readonly entry: SendMessageBatchRequestEntry;
  /** Size as SQS counts it: body plus each attribute's name, data type and value. */
  readonly bytes: number;
}

/** How a queue wants its messages: FIFO queues need a group and a deduplication id. */
export interface EntryShape {
  readonly fifo: boolean;
}

/**
 * The SQS message attributes of an envelope: every field of `messageAttributesOf`, numbers
 * as `Number` and everything else as `String`, so consumers can filter without parsing.
 */
export function sqsAttributesOf(envelope: Envelope): Record<string, MessageAttributeValue> {
  return attributesWithSize(envelope).attributes;
}

/**
 * The outgoing message of the envelope at `index` of a publish call. On FIFO queues the
 * group is the symbol (so one symbol's records stay in order while symbols proceed in
 * parallel; heartbeats share the group `-`) and the deduplication id is the envelope id, so
 * SQS drops a re-send of the same record within its five-minute deduplication window.
 */
export function outgoingOf(envelope: Envelope, index: number, shape: EntryShape): OutgoingMessage {
  const body = envelopeJson(envelope);
  const { attributes, bytes } = attributesWithSize(envelope);
  const { record } = envelope;
  const group = 'symbol' in record ? record.symbol : notApplicableAttribute;
  const entry: SendMessageBatchRequestEntry = {
    Id: `m${index}`,
    MessageBody: body,
    MessageAttributes: attributes,
    ...(shape.fifo ? { MessageGroupId: group, MessageDeduplicationId: envelope.id } : {}),
  };
  return { messageId: envelope.id, entry, bytes: bytes + Buffer.byteLength(body, 'utf8') };
}

// Built and sized in one pass: this runs for every message published, and the throughput
// benchmark shows it.
function attributesWithSize(envelope: Envelope): {
  attributes: Record<string, MessageAttributeValue>;
  bytes: number;
} {
  const attributes: Record<string, MessageAttributeValue> = {};
  const values = messageAttributesOf(envelope);
  let bytes = 0;
  for (const name in values) {
    const value = values[name as keyof typeof values];
    const dataType = typeof value === 'number' ? 'Number' : 'String';
    const text = String(value);
    attributes[name] = { DataType: dataType, StringValue: text };
    bytes += name.length + dataType.length + Buffer.byteLength(text, 'utf8');
  }
  return { attributes, bytes };
}

/** Size of an entry as SQS counts it against the batch and message limits. */
export function sizeOfEntry(entry: SendMessageBatchRequestEntry): number {
  let bytes = Buffer.byteLength(entry.MessageBody ?? '', 'utf8');
  for (const [name, value] of Object.entries(entry.MessageAttributes ?? {})) {
    bytes += Buffer.byteLength(name, 'utf8') + Buffer.byteLength(value.DataType ?? '', 'utf8');
    bytes += Buffer.byteLength(value.StringValue ?? '', 'utf8');
    bytes += value.BinaryValue?.byteLength ?? 0;
  }
  return bytes;
}

/**
 * Splits messages, in order, into SendMessageBatch requests of at most 10 entries and
 * `maxBytes` in total. A message larger than `maxBytes` on its own goes alone: SQS then
 * accepts or rejects it by the queue's own message size limit.
 */
export function splitIntoBatches(
  messages: readonly OutgoingMessage[],
  maxBytes: number,
): OutgoingMessage[][] {
  const batches: OutgoingMessage[][] = [];
  let current: OutgoingMessage[] = [];
  let bytes = 0;
  for (const message of messages) {
    const full = current.length === maxEntriesPerBatch || bytes + message.bytes > maxBytes;
    if (current.length > 0 && full) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
    current.push(message);
    bytes += message.bytes;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}
