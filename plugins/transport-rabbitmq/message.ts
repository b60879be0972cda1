import { envelopeJson } from '../../core/contract/serialize.js';
import type { Options } from 'amqplib';
import { messageAttributesOf, type MessageAttributes } from '../../core/contract/attributes.js';
import type { Envelope } from '../../core/contract/types.js';
import { StockpollerError } from '../../core/errors/index.js';
import { routingKeyFields } from './options-schema.js';

/** One AMQP publish: where it goes, its body and its properties (headers included). */
export interface OutgoingMessage {
  readonly exchange: string;
  readonly routingKey: string;
  readonly content: Buffer;
  readonly properties: Options.Publish & { readonly messageId: string };
}

/** Turns the attributes of a message into its routing key. */
export type RoutingKeyOf = (attributes: MessageAttributes) => string;

/** Headers this transport adds to a dead-lettered message. */
export const deadLetterHeaders = {
  reason: 'x-stockpoller-reason',
  attempts: 'x-stockpoller-attempts',
  exchange: 'x-stockpoller-exchange',
  routingKey: 'x-stockpoller-routing-key',
  deadLetteredAt: 'x-stockpoller-dead-lettered-at',
} as const;

type Field = (typeof routingKeyFields)[number];

/**
 * Compiles a routing key template such as `quotes.{provider}.{symbol}`. A dot inside a value
 * becomes `_`, so that a symbol such as `BRK.B` stays one word of a topic routing key and
 * patterns such as `quotes.*.*` keep matching every quote. Throws SP_ERR_CONFIG_BAD_VALUE for
 * a placeholder that is not a message attribute.
 */
export function compileRoutingKey(template: string): RoutingKeyOf {
  const steps = template
    .split(/(\{[^{}]*\})/)
    .filter((part) => part !== '')
    .map((part): Step => {
      if (!part.startsWith('{')) return { literal: part };
      const name = part.slice(1, -1);
      if (!isField(name)) {
        throw new StockpollerError(
          'SP_ERR_CONFIG_BAD_VALUE',
          `routing key template "${template}" uses the unknown placeholder ${part}`,
          `Use ${routingKeyFields.map((field) => `{${field}}`).join(', ')}.`,
        );
      }
      return { field: name };
    });
  return (attributes) => {
    let key = '';
    for (const step of steps) {
      key += 'literal' in step ? step.literal : String(attributes[step.field]).replaceAll('.', '_');
    }
    return key;
  };
}

type Step = { readonly literal: string } | { readonly field: Field };

function isField(name: string): name is Field {
  return (routingKeyFields as readonly string[]).includes(name);
}

/** What {@link toOutgoing} needs besides the envelope. */
export interface PublishSettings {
  readonly exchange: string;
  readonly routingKeyOf: RoutingKeyOf;
  readonly persistent: boolean;
  readonly mandatory: boolean;
}

/**
 * The AMQP message of an envelope: its JSON as the body; content type, message id, type (the
 * record schema), timestamp (fetchedAt, in seconds) and delivery mode as properties; and every
 * message attribute as a header, so that consumers can route and de-duplicate without parsing.
 */
export function toOutgoing(envelope: Envelope, settings: PublishSettings): OutgoingMessage {
  const attributes = messageAttributesOf(envelope);
  return {
    exchange: settings.exchange,
    routingKey: settings.routingKeyOf(attributes),
    content: Buffer.from(envelopeJson(envelope)),
    properties: {
      contentType: attributes.contentType,
      messageId: attributes.messageId,
      type: attributes.schema,
      appId: 'stockpoller',
      timestamp: Math.floor(Date.parse(envelope.fetchedAt) / 1000),
      persistent: settings.persistent,
      mandatory: settings.mandatory,
      headers: { ...attributes },
    },
  };
}

/**
 * The same message bound for the dead-letter exchange, with its original routing key and
 * headers saying why it is there, after how many attempts, where it was going and since when.
 * Always mandatory: a dead letter that no queue takes must be reported, not dropped.
 */
export function toDeadLetter(
  message: OutgoingMessage,
  deadLetterExchange: string,
  reason: string,
  attempts: number,
  nowMs: number,
): OutgoingMessage {
  const headers: Record<string, unknown> = {
    ...(message.properties.headers as Record<string, unknown> | undefined),
    [deadLetterHeaders.reason]: reason,
    [deadLetterHeaders.attempts]: attempts,
    [deadLetterHeaders.exchange]: message.exchange,
    [deadLetterHeaders.routingKey]: message.routingKey,
    [deadLetterHeaders.deadLetteredAt]: new Date(nowMs).toISOString(),
  };
  return {
    exchange: deadLetterExchange,
    routingKey: message.routingKey,
    content: message.content,
    properties: { ...message.properties, mandatory: true, headers },
  };
}
