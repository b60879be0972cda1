import { GetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { Logger } from 'pino';
import { StockpollerError, isStockpollerError } from '../../core/errors/index.js';
import type {
  Clock,
  DeadLetter,
  DeadLetterAccess,
  RedriveResult,
} from '../../core/plugins/types.js';
import {
  deadLetterError,
  deadLetterOf,
  deleteAll,
  receiveSome,
  redriveMessageOf,
  releaseAll,
  type Received,
} from './dlq-messages.js';
import { lookUpQueueUrl, parseRedrivePolicy } from './queue-setup.js';
import { sendBatch, type RetryPolicy } from './send-batch.js';
import { queueNameOfArn } from './sqs-client.js';

/** What the dead-letter access needs from its transport. */
export interface DeadLetterTarget {
  readonly client: SQSClient;
  /** The main queue's URL, once the transport has resolved it. */
  readonly mainQueueUrl: () => Promise<string>;
  readonly queueName: string;
  readonly fifo: boolean;
  readonly clock: Clock;
  readonly log: Logger;
  readonly retry: RetryPolicy;
  readonly signal: AbortSignal;
}

interface DeadLetterQueue {
  readonly url: string;
  readonly maxReceiveCount: number;
}

// Long enough to send a batch back and delete it, short enough that an interrupted
// inspection or redrive leaves the messages hidden only briefly.
const inspectVisibilitySeconds = 30;
const redriveVisibilitySeconds = 60;

/**
 * Dead-letter access for an SQS queue. The dead-letter queue is the target of the main
 * queue's RedrivePolicy, found on first use (so producers need no GetQueueAttributes right).
 */
export function createDeadLetterAccess(target: DeadLetterTarget): DeadLetterAccess {
  let found: Promise<DeadLetterQueue> | undefined;
  const deadLetterQueue = (): Promise<DeadLetterQueue> => {
    found ??= findDeadLetterQueue(target).catch((error: unknown) => {
      found = undefined;
      throw error;
    });
    return found;
  };

  return {
    async inspect(limit: number): Promise<DeadLetter[]> {
      const dlq = await deadLetterQueue();
      const seen = new Map<string, Received>();
      const handles: string[] = [];
      try {
        while (seen.size < limit) {
          const batch = await receiveSome(
            target.client,
            dlq.url,
            limit - seen.size,
            inspectVisibilitySeconds,
          );
          handles.push(...batch.map((message) => message.ReceiptHandle));
          const fresh = batch.filter((message) => !seen.has(message.MessageId));
          if (fresh.length === 0) break;
          for (const message of fresh) seen.set(message.MessageId, message);
        }
      } catch (error) {
        throw deadLetterError(
          `receiving from the dead-letter queue of "${target.queueName}"`,
          error,
        );
      } finally {
        await releaseAll(target.client, dlq.url, handles, target.log);
      }
      const now = target.clock.now();
      return [...seen.values()]
        .map((message) => deadLetterOf(message, now, dlq.maxReceiveCount))
        .sort((a, b) => a.sentAtMs - b.sentAtMs)
        .map(({ letter }) => letter);
    },

    async redrive(limit: number, dryRun: boolean): Promise<RedriveResult> {
      const dlq = await deadLetterQueue();
      if (dryRun)
        return { moved: 0, failed: 0, wouldMove: Math.min(limit, await countOf(target, dlq.url)) };
      return moveBack(target, dlq.url, await target.mainQueueUrl(), limit);
    },
  };
}

/**
 * Receives dead letters in batches of up to 10, sends each batch back to the main queue and
 * deletes from the dead-letter queue only the messages whose send succeeded. Failed ones are
 * made visible again at the end, not at once, so that one run never receives them twice.
 */
async function moveBack(
  target: DeadLetterTarget,
  dlqUrl: string,
  mainUrl: string,
  limit: number,
): Promise<RedriveResult> {
  const seen = new Set<string>();
  const release: string[] = [];
  let moved = 0;
  let failed = 0;
  try {
    while (moved + failed < limit) {
      const batch = await receiveSome(
        target.client,
        dlqUrl,
        limit - moved - failed,
        redriveVisibilitySeconds,
      );
      const fresh = batch.filter((message) => !seen.has(message.MessageId));
      release.push(
        ...batch.filter((message) => seen.has(message.MessageId)).map((m) => m.ReceiptHandle),
      );
      if (fresh.length === 0) break;
      for (const message of fresh) seen.add(message.MessageId);

      const outgoing = fresh.map((message, index) => redriveMessageOf(message, index, target.fifo));
      const outcomes = await sendBatch({ ...target, queueUrl: mainUrl }, outgoing);
      const wasSent = (index: number): boolean => {
        const id = outgoing[index]?.entry.Id ?? '';
        return outcomes.has(id) && outcomes.get(id) === undefined;
      };
      const sent = fresh.filter((_, index) => wasSent(index));
      const notSent = fresh.filter((_, index) => !wasSent(index));
      release.push(...notSent.map((message) => message.ReceiptHandle));
      const notDeleted = await deleteAll(
        target.client,
        dlqUrl,
        sent.map((m) => m.ReceiptHandle),
      );
      if (notDeleted.length > 0) {
        // Sent but still in the dead-letter queue: a later redrive sends a copy (FIFO queues drop it).
        target.log.warn(
          { queue: target.queueName, messages: notDeleted.length },
          'redriven dead letters not deleted',
        );
      }
      moved += sent.length - notDeleted.length;
      failed += notSent.length + notDeleted.length;
    }
  } catch (error) {
    const done = `${moved} moved and ${failed} failed before`;
    throw deadLetterError(`redriving the dead letters of "${target.queueName}" (${done})`, error);
  } finally {
    await releaseAll(target.client, dlqUrl, release, target.log);
  }
  target.log.info({ queue: target.queueName, moved, failed }, 'dead letters redriven');
  return { moved, failed, wouldMove: 0 };
}

async function findDeadLetterQueue(target: DeadLetterTarget): Promise<DeadLetterQueue> {
  const mainUrl = await target.mainQueueUrl();
  let policyText: string | undefined;
  try {
    const answer = await target.client.send(
      new GetQueueAttributesCommand({ QueueUrl: mainUrl, AttributeNames: ['RedrivePolicy'] }),
    );
    policyText = answer.Attributes?.RedrivePolicy;
  } catch (error) {
    throw deadLetterError(`reading the redrive policy of "${target.queueName}"`, error);
  }
  const policy = policyText === undefined ? undefined : parseRedrivePolicy(policyText);
  if (policy === undefined) {
    throw new StockpollerError(
      'SP_ERR_TRANSPORT_DEAD_LETTERS',
      `queue "${target.queueName}" has no dead-letter queue (no valid RedrivePolicy)`,
      'Set assert: true to create one, or give the queue a RedrivePolicy.',
    );
  }
  const { name, account } = queueNameOfArn(policy.arn);
  try {
    const url = await lookUpQueueUrl(target.client, name, account);
    return { url, maxReceiveCount: policy.maxReceiveCount };
  } catch (error) {
    if (isStockpollerError(error)) {
      throw new StockpollerError('SP_ERR_TRANSPORT_DEAD_LETTERS', error.message, error.hint, {
        cause: error,
        ...(error.failure ? { failure: error.failure } : {}),
      });
    }
    throw error;
  }
}

async function countOf(target: DeadLetterTarget, dlqUrl: string): Promise<number> {
  try {
    const answer = await target.client.send(
      new GetQueueAttributesCommand({
        QueueUrl: dlqUrl,
        AttributeNames: ['ApproximateNumberOfMessages'],
      }),
    );
    return Number(answer.Attributes?.ApproximateNumberOfMessages ?? 0);
  } catch (error) {
    throw deadLetterError(`counting the dead letters of "${target.queueName}"`, error);
  }
}
