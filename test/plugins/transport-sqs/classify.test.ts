import { expect } from 'chai';
import {
  classifyAwsError,
  classifyEntryFailure,
  reasonOf,
} from '../../../plugins/transport-sqs/classify.js';
import { computeBackoffMs } from '../../../plugins/transport-sqs/send-batch.js';

/** An error shaped like the AWS SDK's. */
function awsError(name: string, status?: number): Error {
  return Object.assign(new Error(`${name} happened`), {
    name,
    $metadata: status === undefined ? {} : { httpStatusCode: status },
  });
}

describe('sqs failure classification', () => {
  describe('classifyAwsError()', () => {
    const cases: [string, Error, string, boolean][] = [
      ['throttling', awsError('ThrottlingException', 400), 'rate_limited', true],
      ['a 5xx', awsError('InternalError', 500), 'unavailable', true],
      ['a refused connection', awsError('Error'), 'unavailable', true],
      ['bad credentials', awsError('InvalidClientTokenId', 403), 'auth', false],
      ['a missing queue', awsError('QueueDoesNotExist', 400), 'not_found', false],
      [
        'a namespaced missing queue',
        awsError('AWS.SimpleQueueService.NonExistentQueue', 400),
        'not_found',
        false,
      ],
      ['a batch too long', awsError('BatchRequestTooLong', 400), 'bad_request', false],
    ];
    for (const [what, error, kind, retryable] of cases) {
      it(`classifies ${what} as ${kind}${retryable ? ', retryable' : ''}`, () => {
        expect(classifyAwsError(error)).to.include({ kind, retryable });
      });
    }

    it('keeps the HTTP status when there was one', () => {
      expect(classifyAwsError(awsError('InternalError', 503))).to.have.property('status', 503);
    });
  });

  describe('classifyEntryFailure()', () => {
    it('retries what SQS says is its own fault', () => {
      const failure = classifyEntryFailure({ Id: 'm0', SenderFault: false, Code: 'InternalError' });

      expect(failure).to.deep.equal({ kind: 'unavailable', retryable: true });
    });

    it('retries a throttled entry even when it is marked a sender fault', () => {
      const failure = classifyEntryFailure({
        Id: 'm0',
        SenderFault: true,
        Code: 'RequestThrottled',
      });

      expect(failure).to.deep.equal({ kind: 'rate_limited', retryable: true });
    });

    it('does not retry a message SQS rejects', () => {
      const failure = classifyEntryFailure({
        Id: 'm0',
        SenderFault: true,
        Code: 'InvalidMessageContents',
      });

      expect(failure).to.deep.equal({ kind: 'bad_request', retryable: false });
    });
  });

  describe('reasonOf()', () => {
    it('puts the error name before a message that does not start with it', () => {
      const denied = Object.assign(new Error('not allowed'), { name: 'AccessDenied' });

      expect(reasonOf(denied)).to.equal('AccessDenied: not allowed');
      expect(reasonOf(awsError('AccessDenied'))).to.equal('AccessDenied happened');
      expect(reasonOf(new Error('socket hang up'))).to.equal('socket hang up');
    });
  });

  describe('computeBackoffMs()', () => {
    const policy = { maxAttempts: 6, baseDelayMs: 100, maxDelayMs: 1000 };

    it('waits between half and all of a ceiling that doubles with each try', () => {
      expect(computeBackoffMs(policy, 1, () => 0)).to.equal(50);
      expect(computeBackoffMs(policy, 1, () => 0.999999)).to.equal(100);
      expect(computeBackoffMs(policy, 3, () => 0)).to.equal(200);
    });

    it('never waits longer than maxDelayMs', () => {
      expect(computeBackoffMs(policy, 12, () => 0.999999)).to.equal(1000);
    });
  });
});
