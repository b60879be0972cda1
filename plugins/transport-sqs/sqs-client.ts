import { SQSClient, type SQSClientConfig } from '@aws-sdk/client-sqs';
import type { SqsOptions } from './options-schema.js';

/**
 * An SQS client for the options. Credentials come from the options when both keys are given
 * and from the default AWS chain (environment, profile, container or instance role)
 * otherwise. The SDK's own retries are off: the transport retries per entry with its own
 * policy, and two nested retry loops would multiply the tries.
 */
export function createSqsClient(options: SqsOptions): SQSClient {
  const region = options.region ?? regionOfUrl(options.queueUrl);
  const config: SQSClientConfig = {
    maxAttempts: 1,
    requestHandler: {
      requestTimeout: options.requestTimeoutMs,
      connectionTimeout: Math.min(options.requestTimeoutMs, 5000),
    },
    ...(region === undefined ? {} : { region }),
    ...(options.endpoint === undefined ? {} : { endpoint: options.endpoint }),
  };
  if (options.accessKeyId !== undefined && options.secretAccessKey !== undefined) {
    config.credentials = {
      accessKeyId: options.accessKeyId,
      secretAccessKey: options.secretAccessKey,
      ...(options.sessionToken === undefined ? {} : { sessionToken: options.sessionToken }),
    };
  }
  return new SQSClient(config);
}

/** The region in an AWS queue URL (`https://sqs.eu-west-1.amazonaws.com/...`), if any. */
export function regionOfUrl(queueUrl: string | undefined): string | undefined {
  if (queueUrl === undefined) return undefined;
  const host = new URL(queueUrl).hostname;
  return (
    /^sqs\.([a-z0-9-]+)\.amazonaws\.com(\.cn)?$/.exec(host)?.[1] ??
    /^([a-z0-9-]+)\.queue\.amazonaws\.com(\.cn)?$/.exec(host)?.[1]
  );
}

/** The queue name of the options: `queueName`, or the last path segment of `queueUrl`. */
export function queueNameOf(options: Pick<SqsOptions, 'queueName' | 'queueUrl'>): string {
  if (options.queueName !== undefined) return options.queueName;
  const path = new URL(options.queueUrl ?? '').pathname;
  return path.slice(path.lastIndexOf('/') + 1);
}

/** FIFO queues are recognised by the `.fifo` suffix SQS requires of their names. */
export function isFifoName(queueName: string): boolean {
  return queueName.endsWith('.fifo');
}

/** The name `assert` gives the dead-letter queue unless `deadLetterQueueName` is set. */
export function deadLetterNameOf(options: SqsOptions): string {
  if (options.deadLetterQueueName !== undefined) return options.deadLetterQueueName;
  const name = queueNameOf(options);
  return isFifoName(name) ? `${name.slice(0, -'.fifo'.length)}-dlq.fifo` : `${name}-dlq`;
}

/** The queue name at the end of an ARN (`arn:aws:sqs:region:account:name`). */
export function queueNameOfArn(arn: string): { name: string; account: string | undefined } {
  const parts = arn.split(':');
  return { name: parts[5] ?? arn, account: parts[4] };
}
