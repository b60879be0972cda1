import { credentialOption } from '../../core/providers/options.js';
import type { JsonSchema } from '../../core/plugins/types.js';

/** Options of the `sqs` transport, after validation and defaults. */
export interface SqsOptions {
  /** URL of the queue; exactly one of `queueUrl` and `queueName` is given. */
  readonly queueUrl?: string;
  /** Name of the queue, resolved to its URL once at start. */
  readonly queueName?: string;
  /** AWS region; the default AWS chain (AWS_REGION, profile) when unset. */
  readonly region?: string;
  /** Endpoint override, for VPC endpoints, proxies and emulators. */
  readonly endpoint?: string;
  readonly accessKeyId?: string;
  readonly secretAccessKey?: string;
  readonly sessionToken?: string;
  /** Create (or check) the queue and its dead-letter queue at start. */
  readonly assert: boolean;
  /** Name of the dead-letter queue `assert` creates; `<queue>-dlq` when unset. */
  readonly deadLetterQueueName?: string;
  readonly maxReceiveCount: number;
  readonly messageRetentionSeconds: number;
  readonly deadLetterRetentionSeconds: number;
  readonly visibilityTimeoutSeconds: number;
  /** Most bytes (bodies and attributes) in one SendMessageBatch request. */
  readonly maxBatchBytes: number;
  /** SendMessageBatch requests of one publish in flight at once (1 on FIFO queues). */
  readonly maxInFlightBatches: number;
  /** Tries of one message, the first included. */
  readonly maxAttempts: number;
  readonly retryBaseDelayMs: number;
  readonly retryMaxDelayMs: number;
  readonly requestTimeoutMs: number;
}

const queueNamePattern = '^([A-Za-z0-9_-]{1,80}|[A-Za-z0-9_-]{1,75}\\.fifo)$';

/** JSON Schema of {@link SqsOptions}. */
export const sqsOptionsSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  description: 'Give either queueUrl or queueName, not both.',
  oneOf: [{ required: ['queueUrl'] }, { required: ['queueName'] }],
  dependentRequired: {
    accessKeyId: ['secretAccessKey'],
    secretAccessKey: ['accessKeyId'],
    sessionToken: ['accessKeyId', 'secretAccessKey'],
  },
  properties: {
    queueUrl: {
      description: 'URL of the queue. A name ending in .fifo makes it a FIFO queue.',
      type: 'string',
      pattern: '^https?://[^/]+/[^/]+/([A-Za-z0-9_-]{1,80}|[A-Za-z0-9_-]{1,75}\\.fifo)$',
      examples: ['https://sqs.us-east-1.amazonaws.com/123456789012/quotes'],
    },
    queueName: {
      description: 'Name of the queue, looked up once at start (GetQueueUrl).',
      type: 'string',
      pattern: queueNamePattern,
      examples: ['quotes', 'quotes.fifo'],
    },
    region: {
      description: 'AWS region of the queue; the default AWS chain (AWS_REGION, profile) if unset.',
      type: 'string',
      pattern: '^[a-z0-9-]+$',
      examples: ['us-east-1'],
    },
    endpoint: {
      description: 'Endpoint override, for a VPC endpoint, a proxy or an emulator.',
      type: 'string',
      pattern: '^https?://',
      examples: ['http://127.0.0.1:4566'],
    },
    accessKeyId: credentialOption('AWS access key id; the default AWS chain if unset.'),
    secretAccessKey: credentialOption('AWS secret access key, with accessKeyId.'),
    sessionToken: credentialOption('AWS session token of temporary credentials.'),
    assert: {
      description:
        'Create the queue and its dead-letter queue at start, or check that they have these settings.',
      type: 'boolean',
      default: false,
    },
    deadLetterQueueName: {
      description: 'Name of the dead-letter queue that assert creates; <queue>-dlq if unset.',
      type: 'string',
      pattern: queueNamePattern,
    },
    maxReceiveCount: {
      description: 'Receives of a message before SQS moves it to the dead-letter queue (assert).',
      type: 'integer',
      minimum: 1,
      maximum: 1000,
      default: 5,
    },
    messageRetentionSeconds: {
      description: 'How long the queue keeps a message (assert), 60 to 1209600.',
      type: 'integer',
      minimum: 60,
      maximum: 1_209_600,
      default: 345_600,
    },
    deadLetterRetentionSeconds: {
      description: 'How long the dead-letter queue keeps a message (assert), 60 to 1209600.',
      type: 'integer',
      minimum: 60,
      maximum: 1_209_600,
      default: 1_209_600,
    },
    visibilityTimeoutSeconds: {
      description: 'Visibility timeout of the queue (assert), 0 to 43200.',
      type: 'integer',
      minimum: 0,
      maximum: 43_200,
      default: 30,
    },
    maxBatchBytes: {
      description: 'Most bytes, bodies and attributes, in one SendMessageBatch request.',
      type: 'integer',
      minimum: 1024,
      maximum: 1_048_576,
      default: 262_144,
    },
    maxInFlightBatches: {
      description: 'SendMessageBatch requests of one publish in flight at once; FIFO queues use 1.',
      type: 'integer',
      minimum: 1,
      maximum: 64,
      default: 4,
    },
    maxAttempts: {
      description: 'Tries of one message, the first included, before it is reported failed.',
      type: 'integer',
      minimum: 1,
      maximum: 20,
      default: 6,
    },
    retryBaseDelayMs: {
      description: 'Backoff before the second try; it doubles with each try, with jitter.',
      type: 'integer',
      minimum: 1,
      maximum: 60_000,
      default: 100,
    },
    retryMaxDelayMs: {
      description: 'Longest backoff between two tries.',
      type: 'integer',
      minimum: 1,
      maximum: 300_000,
      default: 5000,
    },
    requestTimeoutMs: {
      description: 'Milliseconds one SQS request may take before it fails and is retried.',
      type: 'integer',
      minimum: 100,
      maximum: 120_000,
      default: 10_000,
    },
  },
};
