import {
  SendMessageBatchCommand,
  type SendMessageBatchCommandOutput,
  type SendMessageBatchRequestEntry,
} from '@aws-sdk/client-sqs';
import { expect } from 'chai';
import sinon from 'sinon';
import type { Envelope, Quote } from '../../../core/contract/types.js';
import { sizeOfEntry } from '../../../plugins/transport-sqs/entries.js';
import { createSqsTransport } from '../../../plugins/transport-sqs/sqs-transport.js';
import { createTestContext } from '../../helpers/plugin-context.js';
import {
  drainQueue,
  idsOf,
  optionsFor,
  quoteEnvelope,
  quoteEnvelopes,
  replaceSend,
  startEmulator,
  withServerFaults,
  type Fauxqs,
} from './fauxqs-harness.js';

describe('sqs transport', () => {
  const context = createTestContext();
  let fauxqs: Fauxqs;
  let queueUrl: string;
  let queue = 0;

  before(async () => {
    fauxqs = await startEmulator();
  });

  after(async () => {
    await fauxqs.stop();
  });

  beforeEach(() => {
    queue += 1;
    queueUrl = fauxqs.server.createQueue(`quotes-${queue}`).queueUrl;
  });

  afterEach(() => {
    sinon.restore();
  });

  /** The entries of every SendMessageBatch request the client sent. */
  function batchesSent(spy: sinon.SinonSpy): SendMessageBatchRequestEntry[][] {
    return spy.getCalls().flatMap((call) => {
      const command: unknown = call.args[0];
      return command instanceof SendMessageBatchCommand ? [command.input.Entries ?? []] : [];
    });
  }

  /** Lets the real call through, with the listed entries failed by "SQS" on the calls named. */
  function failEntriesOnCalls(plan: Record<number, readonly string[]>): sinon.SinonSpy {
    let call = 0;
    return replaceSend(fauxqs.client, async (command, send) => {
      if (!(command instanceof SendMessageBatchCommand)) return send(command);
      const failing = plan[call++] ?? [];
      const kept = (command.input.Entries ?? []).filter((e) => !failing.includes(e.Id ?? ''));
      const answer: SendMessageBatchCommandOutput =
        kept.length === 0
          ? { Successful: [], Failed: [], $metadata: {} }
          : ((await send(
              new SendMessageBatchCommand({ ...command.input, Entries: kept }),
            )) as SendMessageBatchCommandOutput);
      return withServerFaults(answer, failing);
    });
  }

  function transportFor(options: Record<string, unknown>) {
    return createSqsTransport(optionsFor(fauxqs, options), context, { client: fauxqs.client });
  }

  describe('publish()', () => {
    it('delivers every envelope with the attributes of the data contract', async () => {
      const transport = transportFor({ queueUrl });
      const envelopes = [quoteEnvelope('AAPL', 1), quoteEnvelope('MSFT', 2)];

      const results = await transport.publish(envelopes);

      expect(results).to.deep.equal(envelopes.map(({ id }) => ({ id, delivered: true })));
      const received = await drainQueue(fauxqs.client, queueUrl);
      const bodies = received.map((message) => JSON.parse(message.Body ?? '') as Envelope);
      expect(bodies).to.have.deep.members(envelopes);
      const aapl = received.find((message) => message.Body?.includes('"AAPL"'));
      expect(aapl?.MessageAttributes).to.deep.equal({
        contentType: { DataType: 'String', StringValue: 'application/json' },
        schema: { DataType: 'String', StringValue: 'stockpoller.quote' },
        schemaVersion: { DataType: 'Number', StringValue: '1' },
        messageId: { DataType: 'String', StringValue: envelopes[0]?.id },
        symbol: { DataType: 'String', StringValue: 'AAPL' },
        provider: { DataType: 'String', StringValue: 'simulated' },
        recordType: { DataType: 'String', StringValue: 'quote' },
        pipeline: { DataType: 'String', StringValue: 'main' },
      });
    });

    it('splits a publish into requests of at most 10 entries', async () => {
      const spy = sinon.spy(fauxqs.client, 'send');
      const transport = transportFor({ queueUrl });
      const envelopes = quoteEnvelopes(25);

      const results = await transport.publish(envelopes);

      expect(results.every((result) => result.delivered)).to.equal(true);
      expect(batchesSent(spy).map((entries) => entries.length)).to.have.members([10, 10, 5]);
      expect(idsOf(await drainQueue(fauxqs.client, queueUrl))).to.have.members(
        envelopes.map(({ id }) => id),
      );
    });

    it('splits by size so that no request exceeds maxBatchBytes', async () => {
      const spy = sinon.spy(fauxqs.client, 'send');
      const transport = transportFor({ queueUrl, maxBatchBytes: 262_144 });
      // About 100 KB each: only two fit under 256 KiB.
      const envelopes = [1, 2, 3, 4, 5].map((n) => quoteEnvelope('AAPL', n, 'X'.repeat(100_000)));

      const results = await transport.publish(envelopes);

      expect(results.every((result) => result.delivered)).to.equal(true);
      const batches = batchesSent(spy);
      expect(batches.map((entries) => entries.length)).to.have.members([2, 2, 1]);
      for (const entries of batches) {
        const bytes = entries.reduce((sum, entry) => sum + sizeOfEntry(entry), 0);
        expect(bytes).to.be.at.most(262_144);
      }
      expect(await drainQueue(fauxqs.client, queueUrl)).to.have.length(5);
    });

    it('fails only the entry SQS rejects, classified and not retried', async () => {
      const spy = sinon.spy(fauxqs.client, 'send');
      const transport = transportFor({ queueUrl });
      // U+FFFF is outside the characters SQS allows, and JSON.stringify leaves it unescaped,
      // so a record field the test controls makes SQS reject just this one entry.
      const envelopes = [
        quoteEnvelope('AAPL', 1),
        quoteEnvelope('AAPL', 2, 'US\uFFFF'),
        quoteEnvelope('AAPL', 3),
      ];

      const [first, second, third] = await transport.publish(envelopes);

      expect(first).to.deep.equal({ id: envelopes[0]?.id, delivered: true });
      expect(third).to.deep.equal({ id: envelopes[2]?.id, delivered: true });
      expect(second).to.have.property('delivered', false);
      expect(second).to.have.nested.property('error.code', 'SP_ERR_TRANSPORT_PUBLISH_FAILED');
      expect(second).to.have.deep.nested.property('error.failure', {
        kind: 'bad_request',
        retryable: false,
      });
      expect(second)
        .to.have.nested.property('error.message')
        .that.includes('InvalidMessageContents');
      expect(batchesSent(spy)).to.have.length(1);
      expect(await drainQueue(fauxqs.client, queueUrl)).to.have.length(2);
    });

    it('retries only the entries that SQS failed on its side', async () => {
      const stub = failEntriesOnCalls({ 0: ['m1'] });
      const transport = transportFor({ queueUrl });
      const envelopes = quoteEnvelopes(3);

      const results = await transport.publish(envelopes);

      expect(results.every((result) => result.delivered)).to.equal(true);
      expect(batchesSent(stub).map((entries) => entries.map((entry) => entry.Id))).to.deep.equal([
        ['m0', 'm1', 'm2'],
        ['m1'],
      ]);
      expect(idsOf(await drainQueue(fauxqs.client, queueUrl))).to.have.members(
        envelopes.map(({ id }) => id),
      );
    });

    it('reports an entry failed, retryable, after maxAttempts tries', async () => {
      const stub = failEntriesOnCalls({ 0: ['m0'], 1: ['m0'], 2: ['m0'] });
      const transport = transportFor({ queueUrl, maxAttempts: 3 });
      const [envelope] = quoteEnvelopes(1);

      const [result] = await transport.publish([envelope!]);

      expect(batchesSent(stub)).to.have.length(3);
      expect(result).to.have.property('delivered', false);
      expect(result).to.have.deep.nested.property('error.failure', {
        kind: 'unavailable',
        retryable: true,
      });
      expect(result).to.have.nested.property('error.message').that.includes('3 tries');
    });

    it('retries a throttled request as a whole until it succeeds', async () => {
      const throttled = Object.assign(new Error('Rate exceeded'), {
        name: 'ThrottlingException',
        $metadata: { httpStatusCode: 400 },
      });
      let calls = 0;
      const stub = replaceSend(fauxqs.client, (command, send) =>
        calls++ === 0 ? Promise.reject(throttled) : send(command),
      );
      const transport = transportFor({ queueUrl });

      const results = await transport.publish(quoteEnvelopes(4));

      expect(results.every((result) => result.delivered)).to.equal(true);
      expect(batchesSent(stub)).to.have.length(2);
      expect(await drainQueue(fauxqs.client, queueUrl)).to.have.length(4);
    });

    it('fails every message as not_found, without retrying, when the queue is missing', async () => {
      const spy = sinon.spy(fauxqs.client, 'send');
      const missing = queueUrl.replace(/quotes-\d+$/, 'no-such-queue');
      const transport = transportFor({ queueUrl: missing });

      const results = await transport.publish(quoteEnvelopes(2));

      for (const result of results) {
        expect(result).to.have.nested.property('error.failure.kind', 'not_found');
        expect(result).to.have.nested.property('error.failure.retryable', false);
      }
      expect(batchesSent(spy)).to.have.length(1);
      const health = await transport.health?.();
      expect(health?.healthy).to.equal(false);
      expect(health?.detail).to.include('not_found');
    });
  });

  describe('publish() to a FIFO queue', () => {
    it('groups by symbol and deduplicates by message id', async () => {
      const url = fauxqs.server.createQueue(`quotes-${queue}.fifo`, {
        attributes: { FifoQueue: 'true' },
      }).queueUrl;
      const transport = transportFor({ queueUrl: url });
      const envelopes = [quoteEnvelope('AAPL', 1), quoteEnvelope('MSFT', 2)];

      await transport.publish(envelopes);
      const again = await transport.publish([envelopes[0]!]);

      expect(again[0]).to.have.property('delivered', true);
      const received = await drainQueue(fauxqs.client, url);
      expect(received).to.have.length(2);
      for (const message of received) {
        const envelope = JSON.parse(message.Body ?? '') as Envelope<Quote>;
        expect(message.Attributes?.MessageGroupId).to.equal(envelope.record.symbol);
        expect(message.Attributes?.MessageDeduplicationId).to.equal(envelope.id);
      }
    });
  });

  describe('start()', () => {
    it('resolves queueName to its URL once', async () => {
      const spy = sinon.spy(fauxqs.client, 'send');
      const transport = transportFor({ queueName: `quotes-${queue}` });

      await transport.start?.();
      await transport.publish([quoteEnvelope('AAPL', 1)]);
      await transport.publish([quoteEnvelope('AAPL', 2)]);

      expect(spy.callCount).to.equal(3);
      expect(await drainQueue(fauxqs.client, queueUrl)).to.have.length(2);
    });

    it('fails with SP_ERR_TRANSPORT_QUEUE_NOT_FOUND for an unknown queueName', async () => {
      const transport = transportFor({ queueName: 'no-such-queue' });

      const error = await transport.start?.().then(
        () => undefined,
        (failure: unknown) => failure,
      );

      expect(error).to.have.property('code', 'SP_ERR_TRANSPORT_QUEUE_NOT_FOUND');
      expect(error).to.have.nested.property('failure.kind', 'not_found');
    });
  });

  describe('stop()', () => {
    it('is idempotent and makes later publishes fail', async () => {
      const transport = transportFor({ queueUrl });

      await transport.stop?.();
      await transport.stop?.();
      const [result] = await transport.publish(quoteEnvelopes(1));

      expect(result).to.have.nested.property('error.message').that.includes('stopped');
    });

    it('ends a backoff at once and reports what was left failed', async () => {
      failEntriesOnCalls({ 0: ['m0'] });
      const transport = transportFor({
        queueUrl,
        maxAttempts: 20,
        retryBaseDelayMs: 60_000,
        retryMaxDelayMs: 60_000,
      });

      const publishing = transport.publish(quoteEnvelopes(2));
      await new Promise((resolve) => setTimeout(resolve, 50));
      await transport.stop?.();
      const [first, second] = await publishing;

      expect(first).to.have.nested.property('error.message').that.includes('stopped before');
      expect(second).to.have.property('delivered', true);
    });
  });
});
