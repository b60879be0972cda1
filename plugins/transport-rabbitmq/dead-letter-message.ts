import type { Message, Options } from 'amqplib';
import type { DeadLetter } from '../../core/plugins/types.js';
import { deadLetterHeaders, type OutgoingMessage } from './message.js';

type Headers = Readonly<Record<string, unknown>>;

// Headers that describe a stay in a dead-letter queue, dropped when the message goes back.
const stayHeaders = new Set<string>([
  ...Object.values(deadLetterHeaders),
  'x-death',
  'x-first-death-exchange',
  'x-first-death-queue',
  'x-first-death-reason',
  'x-last-death-exchange',
  'x-last-death-queue',
  'x-last-death-reason',
]);

/**
 * What `stockpoller dlq inspect` shows of a dead-lettered message. Messages this transport
 * dead-lettered carry the x-stockpoller-* headers; for messages the broker dead-lettered
 * itself (a consumer's reject, an expiry, a length limit) the x-death header stands in.
 */
export function describeDeadLetter(message: Message, nowMs: number): DeadLetter {
  const headers: Headers = headersOf(message);
  const death = firstDeath(headers);
  const messageId: unknown = message.properties.messageId;
  const reason =
    stringOf(headers[deadLetterHeaders.reason]) ??
    stringOf(headers['x-first-death-reason']) ??
    stringOf(death?.reason) ??
    'unknown';
  const attempts = numberOf(headers[deadLetterHeaders.attempts]) ?? numberOf(death?.count) ?? 0;
  return {
    id: stringOf(messageId) ?? stringOf(headers.messageId) ?? '',
    reason,
    attempts,
    symbol: stringOf(headers.symbol) ?? null,
    ageMs: ageOf(message, headers, death, nowMs),
  };
}

/**
 * The message to re-publish for a dead letter: the same body and properties, to `exchange`
 * with the routing key it had before it was dead-lettered, without the dead-letter headers.
 */
export function toRedriven(
  message: Message,
  exchange: string,
  mandatory: boolean,
): OutgoingMessage {
  const headers = headersOf(message);
  const kept = Object.fromEntries(Object.entries(headers).filter(([key]) => !stayHeaders.has(key)));
  const routingKey = stringOf(headers[deadLetterHeaders.routingKey]) ?? message.fields.routingKey;
  const props = message.properties as unknown as Readonly<Record<string, unknown>>;
  const properties: Options.Publish & { messageId: string } = {
    messageId: stringOf(props.messageId) ?? '',
    persistent: props.deliveryMode === 2,
    mandatory,
    headers: kept,
  };
  for (const key of ['contentType', 'contentEncoding', 'type', 'appId', 'correlationId'] as const) {
    const value = stringOf(props[key]);
    if (value !== undefined) properties[key] = value;
  }
  const timestamp = numberOf(props.timestamp);
  if (timestamp !== undefined) properties.timestamp = timestamp;
  return { exchange, routingKey, content: message.content, properties };
}

function headersOf(message: Message): Headers {
  const headers: unknown = message.properties.headers;
  return typeof headers === 'object' && headers !== null ? (headers as Headers) : {};
}

interface Death {
  readonly reason?: unknown;
  readonly count?: unknown;
  readonly time?: unknown;
}

function firstDeath(headers: Headers): Death | undefined {
  const deaths = headers['x-death'];
  if (!Array.isArray(deaths)) return undefined;
  const first: unknown = deaths[0];
  return typeof first === 'object' && first !== null ? first : undefined;
}

/** Since the dead-lettering when it is known, else since the message was first published. */
function ageOf(
  message: Message,
  headers: Headers,
  death: Death | undefined,
  nowMs: number,
): number | null {
  const at = stringOf(headers[deadLetterHeaders.deadLetteredAt]);
  if (at !== undefined && Number.isFinite(Date.parse(at))) return nowMs - Date.parse(at);
  // AMQP timestamps, x-death's included, are whole seconds.
  const deathTime = death?.time;
  const deathSeconds =
    typeof deathTime === 'object' && deathTime !== null
      ? numberOf((deathTime as { value?: unknown }).value)
      : undefined;
  const seconds = deathSeconds ?? numberOf(message.properties.timestamp);
  return seconds === undefined ? null : Math.max(0, nowMs - seconds * 1000);
}

function stringOf(value: unknown): string | undefined {
  if (Buffer.isBuffer(value)) return value.toString('utf8');
  return typeof value === 'string' ? value : undefined;
}

function numberOf(value: unknown): number | undefined {
  if (typeof value === 'bigint') return Number(value);
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}
