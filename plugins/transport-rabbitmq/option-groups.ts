import type { JsonSchema } from '../../core/plugins/types.js';

/** TLS settings of an `amqps://` connection. */
export interface TlsOptions {
  /** CA certificate(s): a file path or PEM text. */
  readonly ca?: string;
  /** Client certificate for mutual TLS: a file path or PEM text. */
  readonly cert?: string;
  /** Client private key: a file path or PEM text (a secret when given as PEM). */
  readonly key?: string;
  /** Passphrase of an encrypted private key. */
  readonly passphrase?: string;
  /** Server name for SNI and certificate checks, when it differs from the URL's host. */
  readonly servername?: string;
  /** Refuse a server certificate that does not verify. */
  readonly rejectUnauthorized: boolean;
}

/** One queue declared and bound to the exchange. */
export interface QueueOptions {
  readonly name: string;
  /** Binding keys to the exchange (topic patterns for a topic exchange). */
  readonly bindingKeys: readonly string[];
  /** Queue arguments such as `x-max-length` or `x-queue-type`. */
  readonly arguments: Readonly<Record<string, string | number | boolean>>;
}

/** Where messages go that the broker kept refusing. */
export interface DeadLetterOptions {
  /** false: a message still refused after the last attempt is reported failed. */
  readonly enabled: boolean;
  readonly exchange: string;
  readonly queue: string;
}

/** Exponential backoff with jitter. */
export interface BackoffOptions {
  /** Delay before the first retry. */
  readonly initialDelayMs: number;
  /** Ceiling of any delay. */
  readonly maxDelayMs: number;
  /** Growth of the delay from one retry to the next. */
  readonly multiplier: number;
  /** Fraction of each delay drawn at random (0.2: the delay varies by up to +-20 %). */
  readonly jitter: number;
}

/** Backoff of a message the broker nacked or returned, with a bound on attempts. */
export interface RetryOptions extends BackoffOptions {
  /** Publish attempts, the first included, before a message is dead-lettered. */
  readonly maxAttempts: number;
}

const pemOrPath = (what: string): JsonSchema => ({
  description: `${what}: a file path, or the PEM text itself (starting with -----BEGIN).`,
  type: 'string',
  minLength: 1,
});

/** Schema of {@link TlsOptions}. */
export const tlsSchema: JsonSchema = {
  description:
    'TLS settings for amqps:// URLs (ca, cert, key, passphrase, servername, rejectUnauthorized).',
  type: 'object',
  additionalProperties: false,
  properties: {
    ca: pemOrPath('CA certificate(s) to trust instead of the system store'),
    cert: pemOrPath('Client certificate for mutual TLS'),
    key: { ...pemOrPath('Private key of the client certificate'), 'x-secret': true },
    passphrase: {
      description: 'Passphrase of an encrypted private key.',
      type: 'string',
      'x-secret': true,
    },
    servername: {
      description:
        "Server name for SNI and the certificate check, when it differs from the URL's host.",
      type: 'string',
      minLength: 1,
    },
    rejectUnauthorized: {
      description: 'Refuse a server certificate that does not verify. false is for tests only.',
      type: 'boolean',
      default: true,
    },
  },
};

/** Schema of {@link QueueOptions}. */
export const queueSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['name'],
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 255, description: 'Queue name.' },
    bindingKeys: {
      description: 'Binding keys from the exchange to the queue.',
      type: 'array',
      items: { type: 'string', maxLength: 255 },
      default: ['#'],
    },
    arguments: {
      description: 'Queue arguments, e.g. x-queue-type: quorum or x-max-length: 100000.',
      type: 'object',
      additionalProperties: { type: ['string', 'number', 'boolean'] },
      default: {},
    },
  },
};

/** Schema of {@link DeadLetterOptions}. */
export const deadLetterSchema: JsonSchema = {
  description:
    'Dead-lettering of messages the broker keeps refusing: enabled, exchange (a topic exchange), queue (bound with #).',
  type: 'object',
  additionalProperties: false,
  default: {},
  properties: {
    enabled: {
      description:
        'Send messages still refused after the last attempt to the dead-letter exchange.',
      type: 'boolean',
      default: true,
    },
    exchange: {
      description: 'Dead-letter exchange (topic); messages keep their routing key.',
      type: 'string',
      minLength: 1,
      maxLength: 255,
      default: 'stockpoller.dlx',
    },
    queue: {
      description: 'Dead-letter queue, bound to the exchange with #; read by `stockpoller dlq`.',
      type: 'string',
      minLength: 1,
      maxLength: 255,
      default: 'stockpoller.dlq',
    },
  },
};

/** Schema of a backoff group; `maxAttempts` is present when the defaults give one. */
export function backoffSchema(
  what: 'retry' | 'reconnect',
  defaults: { maxAttempts?: number; initialDelayMs: number; maxDelayMs: number },
): JsonSchema {
  const properties: Record<string, JsonSchema> = {
    initialDelayMs: {
      description: 'Delay before the first retry.',
      type: 'integer',
      minimum: 0,
      maximum: 600_000,
      default: defaults.initialDelayMs,
    },
    maxDelayMs: {
      description: 'Ceiling of any delay.',
      type: 'integer',
      minimum: 0,
      maximum: 3_600_000,
      default: defaults.maxDelayMs,
    },
    multiplier: {
      description: 'Growth of the delay from one retry to the next.',
      type: 'number',
      minimum: 1,
      maximum: 10,
      default: 2,
    },
    jitter: {
      description: 'Fraction of each delay drawn at random (0.2 varies it by up to 20 %).',
      type: 'number',
      minimum: 0,
      maximum: 1,
      default: 0.2,
    },
  };
  if (defaults.maxAttempts !== undefined) {
    properties.maxAttempts = {
      description: 'Publish attempts, the first included, before a message is dead-lettered.',
      type: 'integer',
      minimum: 1,
      maximum: 100,
      default: defaults.maxAttempts,
    };
  }
  const description =
    what === 'retry'
      ? 'Retries of a message the broker nacked or returned: maxAttempts, initialDelayMs, maxDelayMs, multiplier, jitter.'
      : 'Reconnection after the connection or channel is lost (forever, until stop()): initialDelayMs, maxDelayMs, multiplier, jitter.';
  return { description, type: 'object', additionalProperties: false, default: {}, properties };
}
