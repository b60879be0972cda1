import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  type QueueAttributeName,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { StockpollerError } from '../../core/errors/index.js';
import { classifyAwsError, hintFor, reasonOf, shortNameOf } from './classify.js';
import type { SqsOptions } from './options-schema.js';
import { deadLetterNameOf, isFifoName, queueNameOf } from './sqs-client.js';

/**
 * The URL to publish to. With `assert` the queue and its dead-letter queue are created (or
 * checked); otherwise a `queueName` is looked up once with GetQueueUrl and a `queueUrl` is
 * used as given, without any call, so that a producer needs no permission beyond sending.
 */
export async function prepareQueue(client: SQSClient, options: SqsOptions): Promise<string> {
  if (options.assert) return assertQueues(client, options);
  if (options.queueUrl !== undefined) return options.queueUrl;
  return lookUpQueueUrl(client, queueNameOf(options));
}

/** GetQueueUrl, with SP_ERR_TRANSPORT_QUEUE_NOT_FOUND when the queue does not exist. */
export async function lookUpQueueUrl(
  client: SQSClient,
  name: string,
  account?: string,
): Promise<string> {
  try {
    const answer = await client.send(
      new GetQueueUrlCommand({
        QueueName: name,
        ...(account === undefined ? {} : { QueueOwnerAWSAccountId: account }),
      }),
    );
    if (answer.QueueUrl === undefined) throw new Error('GetQueueUrl answered without a URL');
    return answer.QueueUrl;
  } catch (error) {
    throw setupError(`looking up queue "${name}"`, error);
  }
}

async function assertQueues(client: SQSClient, options: SqsOptions): Promise<string> {
  const name = queueNameOf(options);
  const fifo = isFifoName(name);
  const deadLetterName = deadLetterNameOf(options);
  if (isFifoName(deadLetterName) !== fifo) {
    throw new StockpollerError(
      'SP_ERR_TRANSPORT_QUEUE_MISMATCH',
      `queue "${name}" and its dead-letter queue "${deadLetterName}" must both be FIFO or neither`,
      'End both names with .fifo, or neither.',
    );
  }
  const fifoAttribute: Record<string, string> = fifo ? { FifoQueue: 'true' } : {};

  const deadLetterUrl = await createOrCheck(client, deadLetterName, {
    ...fifoAttribute,
    MessageRetentionPeriod: String(options.deadLetterRetentionSeconds),
  });
  const deadLetterArn = (await attributesOf(client, deadLetterUrl, ['QueueArn'])).QueueArn;
  const url = await createOrCheck(client, name, {
    ...fifoAttribute,
    MessageRetentionPeriod: String(options.messageRetentionSeconds),
    VisibilityTimeout: String(options.visibilityTimeoutSeconds),
    RedrivePolicy: JSON.stringify({
      deadLetterTargetArn: deadLetterArn,
      maxReceiveCount: options.maxReceiveCount,
    }),
  });
  return options.queueUrl ?? url;
}

/**
 * Creates a queue with `wanted` attributes; when it exists already (CreateQueue is idempotent
 * for equal attributes, and fails with QueueNameExists for others) its attributes are read
 * and compared, and any difference is an error: an existing queue is never altered.
 */
async function createOrCheck(
  client: SQSClient,
  name: string,
  wanted: Record<string, string>,
): Promise<string> {
  let url: string | undefined;
  try {
    url = (await client.send(new CreateQueueCommand({ QueueName: name, Attributes: wanted })))
      .QueueUrl;
  } catch (error) {
    if (!['QueueNameExists', 'QueueAlreadyExists'].includes(shortNameOf(error))) {
      throw setupError(`creating queue "${name}"`, error);
    }
  }
  url ??= await lookUpQueueUrl(client, name);

  const actual = await attributesOf(client, url, Object.keys(wanted) as QueueAttributeName[]);
  const differences = Object.entries(wanted)
    .filter(([key, value]) => !isSameAttribute(key, value, actual[key]))
    .map(([key, value]) => `${key} is ${actual[key] ?? 'unset'}, the options want ${value}`);
  if (differences.length > 0) {
    throw new StockpollerError(
      'SP_ERR_TRANSPORT_QUEUE_MISMATCH',
      `queue "${name}" exists with other settings: ${differences.join('; ')}`,
      'Change the options to match the queue, or change the queue yourself; assert never alters it.',
    );
  }
  return url;
}

async function attributesOf(
  client: SQSClient,
  url: string,
  names: QueueAttributeName[],
): Promise<Record<string, string | undefined>> {
  try {
    const answer = await client.send(
      new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: names }),
    );
    return answer.Attributes ?? {};
  } catch (error) {
    throw setupError(`reading the attributes of ${url}`, error);
  }
}

/** Redrive policies are compared by meaning: SQS may answer the count as a string. */
function isSameAttribute(key: string, wanted: string, actual: string | undefined): boolean {
  if (actual === undefined) return false;
  if (key !== 'RedrivePolicy') return wanted === actual;
  const [a, b] = [parseRedrivePolicy(wanted), parseRedrivePolicy(actual)];
  return a !== undefined && a.arn === b?.arn && a.maxReceiveCount === b.maxReceiveCount;
}

/** The target and count of a RedrivePolicy attribute, or undefined when it is not valid JSON. */
export function parseRedrivePolicy(
  text: string,
): { arn: string; maxReceiveCount: number } | undefined {
  try {
    const policy = JSON.parse(text) as { deadLetterTargetArn?: unknown; maxReceiveCount?: unknown };
    if (typeof policy.deadLetterTargetArn !== 'string') return undefined;
    return { arn: policy.deadLetterTargetArn, maxReceiveCount: Number(policy.maxReceiveCount) };
  } catch {
    return undefined;
  }
}

/** A classified start-up error: a missing queue has its own code, the rest SETUP_FAILED. */
export function setupError(what: string, error: unknown): StockpollerError {
  const failure = classifyAwsError(error);
  if (failure.kind === 'not_found') {
    return new StockpollerError(
      'SP_ERR_TRANSPORT_QUEUE_NOT_FOUND',
      `sqs transport failed ${what}: ${reasonOf(error)}`,
      hintFor('not_found'),
      { cause: error, failure },
    );
  }
  return new StockpollerError(
    'SP_ERR_TRANSPORT_SETUP_FAILED',
    `sqs transport failed ${what}: ${reasonOf(error)}`,
    hintFor(failure.kind),
    { cause: error, failure },
  );
}
