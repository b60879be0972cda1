import type { SQSClient } from '@aws-sdk/client-sqs';
import type { Envelope } from '../../core/contract/types.js';
import {
  StockpollerError,
  describeError,
  isStockpollerError,
  type FailureInfo,
} from '../../core/errors/index.js';
import type {
  DeadLetterAccess,
  DeliveryResult,
  HealthStatus,
  PluginContext,
  TransportInstance,
} from '../../core/plugins/types.js';
import type { RetryPolicy } from './send-batch.js';
import { publishError } from './classify.js';
import { createDeadLetterAccess } from './dead-letters.js';
import { outgoingOf, splitIntoBatches, type OutgoingMessage } from './entries.js';
import type { SqsOptions } from './options-schema.js';
import { prepareQueue } from './queue-setup.js';
import { sendBatch, type SendOutcome } from './send-batch.js';
import { createSqsClient, isFifoName, queueNameOf } from './sqs-client.js';

/** An SQS transport: a TransportInstance that always has dead-letter access. */
export type SqsTransport = TransportInstance & { readonly deadLetters: DeadLetterAccess };

/** What tests may replace. */
export interface SqsTransportDeps {
  /** A client to use instead of one built from the options; the caller keeps ownership. */
  readonly client?: SQSClient;
  /** Source of jitter, [0, 1). */
  readonly random?: () => number;
}

/**
 * Creates the `sqs` transport. Each publish call is split into SendMessageBatch requests of
 * at most 10 entries and `maxBatchBytes`, sent up to `maxInFlightBatches` at a time (one at
 * a time on FIFO queues, to keep each group in order); every entry carries the message
 * attributes of the data contract. Results come back per message, in input order.
 */
export function createSqsTransport(
  options: SqsOptions,
  context: Pick<PluginContext, 'log' | 'clock'>,
  deps: SqsTransportDeps = {},
): SqsTransport {
  const client = deps.client ?? createSqsClient(options);
  const queueName = queueNameOf(options);
  const fifo = isFifoName(queueName);
  const retry: RetryPolicy = {
    maxAttempts: options.maxAttempts,
    baseDelayMs: options.retryBaseDelayMs,
    maxDelayMs: options.retryMaxDelayMs,
  };
  const stopping = new AbortController();
  const inFlight = new Set<Promise<unknown>>();
  let lastFailure: { reason: string; info: FailureInfo } | undefined;
  let queueUrl: Promise<string> | undefined;
  let stopped = false;

  // Resolved once; a failed attempt is forgotten so that the next call tries again.
  const resolveQueueUrl = (): Promise<string> => {
    queueUrl ??= prepareQueue(client, options).catch((error: unknown) => {
      queueUrl = undefined;
      throw error;
    });
    return queueUrl;
  };

  const target = {
    client,
    queueName,
    retry,
    signal: stopping.signal,
    log: context.log,
    ...(deps.random === undefined ? {} : { random: deps.random }),
    onRequest: (failure: { reason: string; info: FailureInfo } | undefined) => {
      lastFailure = failure;
    },
  };

  const publishAll = async (envelopes: readonly Envelope[]): Promise<DeliveryResult[]> => {
    let url: string;
    try {
      url = await resolveQueueUrl();
    } catch (error) {
      return envelopes.map(({ id }) => ({ id, delivered: false, error: asPublishError(error) }));
    }
    const messages = envelopes.map((envelope, index) => outgoingOf(envelope, index, { fifo }));
    const batches = splitIntoBatches(messages, options.maxBatchBytes);
    const outcomes = new Map<string, SendOutcome>();
    const workers = Math.min(fifo ? 1 : options.maxInFlightBatches, batches.length);
    let next = 0;
    const work = async (): Promise<void> => {
      for (let batch = batches[next++]; batch !== undefined; batch = batches[next++]) {
        for (const [id, outcome] of await sendBatch({ ...target, queueUrl: url }, batch)) {
          outcomes.set(id, outcome);
        }
      }
    };
    await Promise.all(Array.from({ length: workers }, work));
    context.log.debug(
      { queue: queueName, messages: messages.length, requests: batches.length },
      'sqs batch published',
    );
    return messages.map((message) => resultOf(message, outcomes));
  };

  return {
    async start(): Promise<void> {
      try {
        await client.config.region();
      } catch (error) {
        throw new StockpollerError(
          'SP_ERR_TRANSPORT_SETUP_FAILED',
          `sqs transport for queue "${queueName}" has no AWS region`,
          'Set the region option or AWS_REGION, or give a queueUrl of amazonaws.com.',
          { cause: error },
        );
      }
      await resolveQueueUrl();
      context.log.info({ queue: queueName, fifo }, 'sqs transport ready');
    },

    publish(envelopes: readonly Envelope[]): Promise<DeliveryResult[]> {
      if (stopped) {
        const error = new StockpollerError(
          'SP_ERR_TRANSPORT_PUBLISH_FAILED',
          `sqs transport for queue "${queueName}" is stopped`,
          'Messages published after stop() are not sent; restart to publish again.',
          { failure: { kind: 'unavailable', retryable: false } },
        );
        return Promise.resolve(envelopes.map(({ id }) => ({ id, delivered: false, error })));
      }
      const run = publishAll(envelopes);
      inFlight.add(run);
      void run.finally(() => inFlight.delete(run));
      return run;
    },

    async flush(): Promise<void> {
      await Promise.allSettled([...inFlight]);
    },

    async stop(): Promise<void> {
      if (stopped) return;
      stopped = true;
      stopping.abort();
      await Promise.allSettled([...inFlight]);
      if (deps.client === undefined) client.destroy();
    },

    health(): Promise<HealthStatus> {
      if (stopped) return Promise.resolve({ healthy: false, detail: 'stopped' });
      if (lastFailure === undefined) return Promise.resolve({ healthy: true });
      return Promise.resolve({
        healthy: false,
        detail: `last SQS request failed (${lastFailure.info.kind}): ${lastFailure.reason}`,
      });
    },

    deadLetters: createDeadLetterAccess({
      ...target,
      fifo,
      clock: context.clock,
      mainQueueUrl: resolveQueueUrl,
    }),
  };
}

/** A message counts as delivered only when SQS listed it as successful. */
function resultOf(message: OutgoingMessage, outcomes: Map<string, SendOutcome>): DeliveryResult {
  const id = message.messageId;
  if (!outcomes.has(message.entry.Id ?? '')) {
    const error = new StockpollerError(
      'SP_ERR_INTERNAL',
      `sqs transport lost track of message ${id}`,
      'Please report it, with the logs of the run.',
    );
    return { id, delivered: false, error };
  }
  const error = outcomes.get(message.entry.Id ?? '');
  return error === undefined ? { id, delivered: true } : { id, delivered: false, error };
}

/** A queue that cannot be resolved fails each message with the reason, keeping its class. */
function asPublishError(error: unknown): StockpollerError {
  if (!isStockpollerError(error)) {
    return publishError(
      'the batch',
      describeError(error),
      { kind: 'unavailable', retryable: true },
      error,
    );
  }
  return new StockpollerError('SP_ERR_TRANSPORT_PUBLISH_FAILED', error.message, error.hint, {
    cause: error,
    ...(error.failure === undefined ? {} : { failure: error.failure }),
  });
}
