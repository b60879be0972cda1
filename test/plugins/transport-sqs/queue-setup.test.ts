import { GetQueueAttributesCommand, GetQueueUrlCommand } from '@aws-sdk/client-sqs';
import { expect } from 'chai';
import { createSqsTransport } from '../../../plugins/transport-sqs/sqs-transport.js';
import { createTestContext } from '../../helpers/plugin-context.js';
import {
  drainQueue,
  optionsFor,
  quoteEnvelopes,
  startEmulator,
  type Fauxqs,
} from './fauxqs-harness.js';

describe('sqs transport queue setup', () => {
  const context = createTestContext();
  let fauxqs: Fauxqs;

  before(async () => {
    fauxqs = await startEmulator();
  });

  after(async () => {
    await fauxqs.stop();
  });

  function transportFor(options: Record<string, unknown>) {
    return createSqsTransport(optionsFor(fauxqs, options), context, { client: fauxqs.client });
  }

  async function attributesOf(name: string): Promise<Record<string, string>> {
    const { QueueUrl } = await fauxqs.client.send(new GetQueueUrlCommand({ QueueName: name }));
    const answer = await fauxqs.client.send(
      new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['All'] }),
    );
    return answer.Attributes ?? {};
  }

  async function startFailure(options: Record<string, unknown>): Promise<unknown> {
    return transportFor(options)
      .start?.()
      .then(
        () => undefined,
        (error: unknown) => error,
      );
  }

  describe('start() with assert: true', () => {
    it('creates the queue and a dead-letter queue with the redrive policy and settings', async () => {
      const transport = transportFor({
        queueName: 'orders',
        assert: true,
        maxReceiveCount: 3,
        messageRetentionSeconds: 3600,
        visibilityTimeoutSeconds: 45,
        deadLetterRetentionSeconds: 86_400,
      });

      await transport.start?.();

      const main = await attributesOf('orders');
      const dead = await attributesOf('orders-dlq');
      expect(JSON.parse(main.RedrivePolicy ?? '{}')).to.deep.equal({
        deadLetterTargetArn: dead.QueueArn,
        maxReceiveCount: 3,
      });
      expect(main).to.include({ MessageRetentionPeriod: '3600', VisibilityTimeout: '45' });
      expect(dead).to.include({ MessageRetentionPeriod: '86400' });
      expect(dead).to.not.have.property('RedrivePolicy');
    });

    it('publishes to the queue it created', async () => {
      const transport = transportFor({ queueName: 'created-then-used', assert: true });
      await transport.start?.();

      const results = await transport.publish(quoteEnvelopes(3));

      expect(results.every((result) => result.delivered)).to.equal(true);
      const { QueueUrl } = await fauxqs.client.send(
        new GetQueueUrlCommand({ QueueName: 'created-then-used' }),
      );
      expect(await drainQueue(fauxqs.client, QueueUrl ?? '')).to.have.length(3);
    });

    it('creates a FIFO dead-letter queue for a FIFO queue', async () => {
      await transportFor({ queueName: 'ticks.fifo', assert: true }).start?.();

      const main = await attributesOf('ticks.fifo');
      const dead = await attributesOf('ticks-dlq.fifo');
      expect(main).to.include({ FifoQueue: 'true' });
      expect(dead).to.include({ FifoQueue: 'true' });
      expect(JSON.parse(main.RedrivePolicy ?? '{}')).to.have.property(
        'deadLetterTargetArn',
        dead.QueueArn,
      );
    });

    it('uses deadLetterQueueName when it is given', async () => {
      await transportFor({
        queueName: 'named',
        assert: true,
        deadLetterQueueName: 'named-graveyard',
      }).start?.();

      const dead = await attributesOf('named-graveyard');
      expect(JSON.parse((await attributesOf('named')).RedrivePolicy ?? '{}')).to.have.property(
        'deadLetterTargetArn',
        dead.QueueArn,
      );
    });

    it('accepts queues that exist already with the same settings', async () => {
      await transportFor({ queueName: 'twice', assert: true }).start?.();

      const error = await startFailure({ queueName: 'twice', assert: true });

      expect(error).to.equal(undefined);
    });

    it('fails with SP_ERR_TRANSPORT_QUEUE_MISMATCH when an existing queue differs', async () => {
      await transportFor({ queueName: 'drifted', assert: true }).start?.();

      const error = await startFailure({
        queueName: 'drifted',
        assert: true,
        visibilityTimeoutSeconds: 90,
      });

      expect(error).to.have.property('code', 'SP_ERR_TRANSPORT_QUEUE_MISMATCH');
      expect(error)
        .to.have.property('message')
        .that.includes('VisibilityTimeout is 30, the options want 90');
    });

    it('refuses a standard dead-letter queue for a FIFO queue', async () => {
      const error = await startFailure({
        queueName: 'mixed.fifo',
        assert: true,
        deadLetterQueueName: 'mixed-dlq',
      });

      expect(error).to.have.property('code', 'SP_ERR_TRANSPORT_QUEUE_MISMATCH');
    });
  });

  describe('start() without assert', () => {
    it('creates nothing and reports the missing queue', async () => {
      const error = await startFailure({ queueName: 'never-created' });

      expect(error).to.have.property('code', 'SP_ERR_TRANSPORT_QUEUE_NOT_FOUND');
      expect(fauxqs.server.inspectQueue('never-created')).to.equal(undefined);
    });
  });
});
