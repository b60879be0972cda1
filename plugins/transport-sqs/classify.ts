import type { BatchResultErrorEntry } from '@aws-sdk/client-sqs';
import {
  StockpollerError,
  describeError,
  type FailureInfo,
  type FailureKind,
} from '../../core/errors/index.js';

/** The fields of an AWS SDK error that classification reads; all optional on purpose. */
interface AwsErrorFields {
  readonly name?: unknown;
  readonly code?: unknown;
  readonly $fault?: unknown;
  readonly $metadata?: { readonly httpStatusCode?: unknown };
}

const throttlingNames = new Set([
  'Throttling',
  'ThrottlingException',
  'RequestThrottled',
  'RequestThrottledException',
  'TooManyRequestsException',
  'KmsThrottled',
  'SlowDown',
]);

const authNames = new Set([
  'AccessDenied',
  'AccessDeniedException',
  'CredentialsProviderError',
  'ExpiredToken',
  'ExpiredTokenException',
  'IncompleteSignature',
  'InvalidClientTokenId',
  'InvalidSecurity',
  'KmsAccessDenied',
  'MissingAuthenticationToken',
  'SignatureDoesNotMatch',
  'UnrecognizedClientException',
]);

const notFoundNames = new Set(['QueueDoesNotExist', 'NonExistentQueue', 'QueueDeletedRecently']);

const serverNames = new Set(['InternalError', 'InternalFailure', 'ServiceUnavailable']);

const hints: Record<FailureKind, string> = {
  auth: 'Check the AWS credentials and that their policy allows the SQS action on this queue.',
  not_found: 'Check queueUrl or queueName and the region, or set assert: true to create the queue.',
  rate_limited: 'SQS throttled the requests: publish less often or ask AWS for a higher quota.',
  unavailable: 'SQS could not be reached or failed; check the network, endpoint and region.',
  bad_request:
    'SQS rejected the message: check its characters and size, and the settings of the queue.',
  no_data: 'Check the queue settings.',
  plan_required: 'Check the queue settings.',
  malformed: 'Check that endpoint points at SQS.',
};

/** The error name without the namespace some services and emulators prefix it with. */
export function shortNameOf(error: unknown): string {
  const fields = (typeof error === 'object' && error !== null ? error : {}) as AwsErrorFields;
  const name = typeof fields.name === 'string' ? fields.name : '';
  return name.slice(name.lastIndexOf('.') + 1);
}

/**
 * Classifies a failed SQS call. Calls that never got an HTTP status (refused or reset
 * connections, timeouts, a checksum mismatch) are `unavailable` and retryable like 5xx;
 * throttling is `rate_limited`; credentials, missing queues and other 4xx are final.
 */
export function classifyAwsError(error: unknown): FailureInfo {
  const fields = (typeof error === 'object' && error !== null ? error : {}) as AwsErrorFields;
  const name = shortNameOf(error);
  const status =
    typeof fields.$metadata?.httpStatusCode === 'number' ? fields.$metadata.httpStatusCode : 0;
  const withStatus = status > 0 ? { status } : {};

  if (throttlingNames.has(name) || status === 429) {
    return { kind: 'rate_limited', retryable: true, ...withStatus };
  }
  if (authNames.has(name) || status === 401 || status === 403) {
    return { kind: 'auth', retryable: false, ...withStatus };
  }
  if (notFoundNames.has(name)) return { kind: 'not_found', retryable: false, ...withStatus };
  if (serverNames.has(name) || status >= 500 || fields.$fault === 'server' || status === 0) {
    return { kind: 'unavailable', retryable: true, ...withStatus };
  }
  return { kind: 'bad_request', retryable: false, ...withStatus };
}

/**
 * Classifies one failed entry of a SendMessageBatch answer: SQS marks its own faults with
 * `SenderFault: false`, which may succeed on a later try, as may throttling.
 */
export function classifyEntryFailure(entry: BatchResultErrorEntry): FailureInfo {
  if (throttlingNames.has(entry.Code ?? '')) return { kind: 'rate_limited', retryable: true };
  if (entry.SenderFault === false) return { kind: 'unavailable', retryable: true };
  return { kind: 'bad_request', retryable: false };
}

/** The error a failed message is reported with, after its last try. */
export function publishError(
  what: string,
  reason: string,
  failure: FailureInfo,
  cause?: unknown,
): StockpollerError {
  return new StockpollerError(
    'SP_ERR_TRANSPORT_PUBLISH_FAILED',
    `sqs transport could not send ${what}: ${reason}`,
    hints[failure.kind],
    { failure, ...(cause === undefined ? {} : { cause }) },
  );
}

/** A one-line reason for an SDK error: its name and message, never request details. */
export function reasonOf(error: unknown): string {
  const name = shortNameOf(error);
  const message = describeError(error);
  return name === '' || name === 'Error' || message.startsWith(name)
    ? message
    : `${name}: ${message}`;
}

/** The hint that goes with a failure kind, for errors raised outside publish. */
export function hintFor(kind: FailureKind): string {
  return hints[kind];
}
