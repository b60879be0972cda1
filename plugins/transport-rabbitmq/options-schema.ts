import type { JsonSchema } from '../../core/plugins/types.js';
import {
  backoffSchema,
  deadLetterSchema,
  queueSchema,
  tlsSchema,
  type BackoffOptions,
  type DeadLetterOptions,
  type QueueOptions,
  type RetryOptions,
  type TlsOptions,
} from './option-groups.js';

export type { BackoffOptions, DeadLetterOptions, QueueOptions, RetryOptions, TlsOptions };

/** Placeholders a routing key template may use, from the message attributes. */
export const routingKeyFields = [
  'provider',
  'symbol',
  'recordType',
  'pipeline',
  'schema',
  'schemaVersion',
  'messageId',
] as const;

/** Options of the `rabbitmq` transport, after validation and defaults. */
export interface RabbitmqOptions {
  /** `amqp://user:password@host:port/vhost` or `amqps://...`; holds a credential. */
  readonly url: string;
  /** Shown by the broker's management UI and `rabbitmqctl list_connections`. */
  readonly connectionName: string;
  /** AMQP heartbeat; 0 turns heartbeats off. */
  readonly heartbeatSeconds: number;
  /** Limit of one TCP (and TLS) connect plus the AMQP handshake. */
  readonly connectTimeoutMs: number;
  /** TLS settings for `amqps://` URLs. */
  readonly tls?: TlsOptions;
  readonly exchange: string;
  readonly exchangeType: 'topic' | 'direct' | 'fanout' | 'headers';
  /** Template such as `quotes.{provider}.{symbol}`. */
  readonly routingKey: string;
  /** Declare the exchange, queues, bindings and dead-letter topology on every connect. */
  readonly assert: boolean;
  readonly queues: readonly QueueOptions[];
  readonly deadLetter: DeadLetterOptions;
  /** Publish with `mandatory`, so that unroutable messages come back as failures. */
  readonly mandatory: boolean;
  /** Delivery mode 2: the broker writes messages to disk in durable queues. */
  readonly persistent: boolean;
  readonly retry: RetryOptions;
  readonly reconnect: BackoffOptions;
  /** Longest one publish() call waits for the broker; 0 waits until stop(). */
  readonly publishTimeoutMs: number;
  /** Longest stop() waits for outstanding confirms before it gives up on them. */
  readonly stopTimeoutMs: number;
}

const placeholder = `\\{(?:${routingKeyFields.join('|')})\\}`;

/** JSON Schema of {@link RabbitmqOptions}. */
export const rabbitmqOptionsSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['url'],
  properties: {
    url: {
      description:
        'Broker URL with its credentials, amqp://user:password@host:5672/vhost or amqps://... for TLS. Give it as a secret reference, e.g. ${secret:rabbitmq/url}.',
      type: 'string',
      pattern: '^amqps?://',
      'x-secret': true,
      examples: ['${secret:rabbitmq/url}'],
    },
    connectionName: {
      description: 'Connection name the broker shows (management UI, rabbitmqctl).',
      type: 'string',
      minLength: 1,
      default: 'stockpoller',
    },
    heartbeatSeconds: {
      description:
        'AMQP heartbeat interval; a silent connection is declared dead after two missed beats. 0 turns heartbeats off.',
      type: 'integer',
      minimum: 0,
      maximum: 3600,
      default: 30,
    },
    connectTimeoutMs: {
      description: 'Longest one connection attempt (TCP, TLS and AMQP handshake) may take.',
      type: 'integer',
      minimum: 100,
      maximum: 600_000,
      default: 10_000,
    },
    tls: tlsSchema,
    exchange: {
      description: 'Exchange every message is published to.',
      type: 'string',
      minLength: 1,
      maxLength: 255,
      pattern: '^[A-Za-z0-9_.:-]+$',
      default: 'stockpoller',
    },
    exchangeType: {
      description: 'Type of the exchange when `assert` declares it.',
      enum: ['topic', 'direct', 'fanout', 'headers'],
      default: 'topic',
    },
    routingKey: {
      description: `Routing key template. Placeholders: ${routingKeyFields.map((f) => `{${f}}`).join(' ')}. A dot inside a value becomes _ so that it stays one topic word (BRK.B gives BRK_B).`,
      type: 'string',
      minLength: 1,
      maxLength: 255,
      pattern: `^(?:[^{}]|${placeholder})+$`,
      default: 'quotes.{provider}.{symbol}',
      examples: ['{recordType}.{provider}.{symbol}'],
    },
    assert: {
      description:
        'Declare the exchange, the queues and their bindings, and the dead-letter exchange and queue (all durable) on every connect. false expects them to exist.',
      type: 'boolean',
      default: true,
    },
    queues: {
      description:
        'Queues to declare and bind to the exchange when `assert` is true (each: name, bindingKeys, arguments).',
      type: 'array',
      items: queueSchema,
      default: [],
    },
    deadLetter: deadLetterSchema,
    mandatory: {
      description:
        'Publish with the mandatory flag: a message no queue takes comes back and is retried, then dead-lettered, instead of being dropped by the broker.',
      type: 'boolean',
      default: true,
    },
    persistent: {
      description: 'Publish persistent messages (delivery mode 2), kept on disk in durable queues.',
      type: 'boolean',
      default: true,
    },
    retry: backoffSchema('retry', { maxAttempts: 5, initialDelayMs: 200, maxDelayMs: 5000 }),
    reconnect: backoffSchema('reconnect', { initialDelayMs: 250, maxDelayMs: 30_000 }),
    publishTimeoutMs: {
      description:
        'Longest one batch waits for the broker (connection down, flow control, confirms) before its unconfirmed messages are reported failed. 0 waits until stop().',
      type: 'integer',
      minimum: 0,
      maximum: 86_400_000,
      default: 0,
    },
    stopTimeoutMs: {
      description:
        'Longest stop() waits for outstanding confirms; messages still unconfirmed then are reported failed.',
      type: 'integer',
      minimum: 0,
      maximum: 600_000,
      default: 10_000,
    },
  },
};
