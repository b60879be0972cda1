import {
  GetQueueUrlCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { expect } from 'chai';
import sinon from 'sinon';
import type { Envelope } from '../../../core/contract/types.js';
import {
  createSqsTransport,
  type SqsTransport,
} from '../../../plugins/transport-sqs/sqs-transport.js';
import { createTestContext, type TestContext } from '../../helpers/plugin-context.js';
import {
  countMessages,
  drainQueue,
  idsOf,
  optionsFor,
  quoteEnvelope,
  replaceSend,
  startEmulator,
  type Fauxqs,
} from './fauxqs-harness.js';

/**
 * Receives from a queue with a zero visibility timeout until SQS has moved every message to
 * the dead-letter queue, the way a consumer that keeps failing would.
 */
async function exhaustReceives(client: SQSClient, queueUrl: string): Promise<void> {
  for (let round = 0; round < 100; round += 1) {
    const answer = await client.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: 10,
        VisibilityTimeout: 0,
      }),
    );
    if ((answer.Messages ?? []).length === 0 && (await countMessages(client, queueUrl)) === 0) {
      return;
    }
  }
  throw new Error('messages never reached the dead-letter queue');
}

describe('sqs transport dead letters', () => {
  let fauxqs: Fauxqs;
  let context: TestContext;
  let queue = 0;
  let name: string;
  let transport: SqsTransport;
  let mainUrl: string;
  let deadUrl: string;

  before(async () => {
    fauxqs = await startEmulator();
  });

  after(async () => {
    await fauxqs.stop();
  });

  afterEach(() => {
    sinon.restore();
  });

  async function urlOf(queueName: string): Promise<string> {
    const answer = await fauxqs.client.send(new GetQueueUrlCommand({ QueueName: queueName }));
    return answer.QueueUrl ?? '';
  }

  /** A queue with a dead-letter queue (maxReceiveCount 2) holding the envelopes, in order. */
  async function deadLetter(envelopes: Envelope[], suffix = ''): Promise<void> {
    queue += 1;
    name = `dlq-test-${queue}${suffix}`;
    context = createTestContext({ now: Date.now() });
    const options = optionsFor(fauxqs, { queueName: name, assert: true, maxReceiveCount: 2 });
    transport = createSqsTransport(options, context, { client: fauxqs.client });
    await transport.start?.();
    for (const envelope of envelopes) {
      await transport.publish([envelope]);
      // SentTimestamp has millisecond resolution; the test orders by it.
      await new Promise((resolve) => setTimeout(resolve, 3));
    }
    mainUrl = await urlOf(name);
    deadUrl = await urlOf(suffix === '' ? `${name}-dlq` : `${name.slice(0, -5)}-dlq.fifo`);
    await exhaustReceives(fauxqs.client, mainUrl);
  }

  describe('inspect()', () => {
    it('shows id, reason, attempts, symbol and age of each dead letter, oldest first', async () => {
      const envelopes = [quoteEnvelope('AAPL', 1), quoteEnvelope('MSFT', 2)];
      await deadLetter(envelopes);
      context.clock.set(Date.now() + 60_000);

      const letters = await transport.deadLetters.inspect(10);

      expect(letters.map((letter) => letter.id)).to.deep.equal(envelopes.map(({ id }) => id));
      expect(letters.map((letter) => letter.symbol)).to.deep.equal(['AAPL', 'MSFT']);
      for (const letter of letters) {
        expect(letter.reason).to.equal('received more than 2 times');
        expect(letter.attempts).to.be.at.least(2);
        expect(letter.ageMs).to.be.at.least(60_000);
      }
    });

    it('leaves the dead letters in place and visible', async () => {
      await deadLetter([quoteEnvelope('AAPL', 1), quoteEnvelope('AAPL', 2)]);

      const first = await transport.deadLetters.inspect(10);
      const second = await transport.deadLetters.inspect(10);

      expect(second.map((letter) => letter.id)).to.deep.equal(first.map((letter) => letter.id));
      expect(await countMessages(fauxqs.client, deadUrl)).to.equal(2);
    });

    it('shows at most limit dead letters', async () => {
      await deadLetter([quoteEnvelope('AAPL', 1), quoteEnvelope('AAPL', 2)]);

      expect(await transport.deadLetters.inspect(1)).to.have.length(1);
    });

    it('fails with SP_ERR_TRANSPORT_DEAD_LETTERS when the queue has no dead-letter queue', async () => {
      const { queueUrl } = fauxqs.server.createQueue('no-redrive');
      const plain = createSqsTransport(optionsFor(fauxqs, { queueUrl }), createTestContext(), {
        client: fauxqs.client,
      });

      const error = await plain.deadLetters.inspect(5).then(
        () => undefined,
        (failure: unknown) => failure,
      );

      expect(error).to.have.property('code', 'SP_ERR_TRANSPORT_DEAD_LETTERS');
    });
  });

  describe('redrive()', () => {
    it('moves nothing on a dry run and says how many would move', async () => {
      await deadLetter([quoteEnvelope('AAPL', 1), quoteEnvelope('AAPL', 2)]);

      const result = await transport.deadLetters.redrive(10, true);

      expect(result).to.deep.equal({ moved: 0, failed: 0, wouldMove: 2 });
      expect(await countMessages(fauxqs.client, deadUrl)).to.equal(2);
      expect(await countMessages(fauxqs.client, mainUrl)).to.equal(0);
    });

    it('sends dead letters back to the main queue and deletes them from the DLQ', async () => {
      const envelopes = [quoteEnvelope('AAPL', 1), quoteEnvelope('MSFT', 2)];
      await deadLetter(envelopes);

      const result = await transport.deadLetters.redrive(10, false);

      expect(result).to.deep.equal({ moved: 2, failed: 0, wouldMove: 0 });
      expect(await countMessages(fauxqs.client, deadUrl)).to.equal(0);
      const back = await drainQueue(fauxqs.client, mainUrl);
      expect(idsOf(back)).to.have.members(envelopes.map(({ id }) => id));
      expect(back[0]?.MessageAttributes).to.have.property('messageId');
    });

    it('moves at most limit dead letters', async () => {
      await deadLetter([quoteEnvelope('AAPL', 1), quoteEnvelope('AAPL', 2)]);

      const result = await transport.deadLetters.redrive(1, false);

      expect(result.moved).to.equal(1);
      expect(await countMessages(fauxqs.client, deadUrl)).to.equal(1);
    });

    it('keeps a dead letter in the DLQ when sending it back fails', async () => {
      await deadLetter([quoteEnvelope('AAPL', 1)]);
      const denied = Object.assign(new Error('not allowed'), {
        name: 'AccessDenied',
        $metadata: { httpStatusCode: 403 },
      });
      replaceSend(fauxqs.client, (command, send) =>
        command instanceof SendMessageBatchCommand ? Promise.reject(denied) : send(command),
      );

      const result = await transport.deadLetters.redrive(10, false);

      expect(result).to.deep.equal({ moved: 0, failed: 1, wouldMove: 0 });
      sinon.restore();
      expect(await countMessages(fauxqs.client, deadUrl)).to.equal(1);
      expect(await countMessages(fauxqs.client, mainUrl)).to.equal(0);
    });

    it('sends a FIFO dead letter back in its group, not dropped as a duplicate', async () => {
      const envelope = quoteEnvelope('AAPL', 1);
      await deadLetter([envelope], '.fifo');

      const result = await transport.deadLetters.redrive(10, false);

      expect(result.moved).to.equal(1);
      const back = await drainQueue(fauxqs.client, mainUrl);
      expect(idsOf(back)).to.deep.equal([envelope.id]);
      expect(back[0]?.Attributes?.MessageGroupId).to.equal('AAPL');
    });
  });
});
