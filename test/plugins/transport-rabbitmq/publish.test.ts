import { expect } from 'chai';
import { messageAttributesOf } from '../../../core/contract/attributes.js';
import { createHeartbeatEnvelope } from '../../../core/contract/heartbeat.js';
import type { TransportInstance } from '../../../core/plugins/types.js';
import { createRabbitmqTransport } from '../../../plugins/transport-rabbitmq/rabbitmq-transport.js';
import { createTestContext } from '../../helpers/plugin-context.js';
import {
  countMessages,
  deleteTopology,
  drainQueue,
  optionsFor,
  requireBroker,
  uniqueNames,
  type TestNames,
} from './broker.js';
import { captureLogs, quoteEnvelope, quoteEnvelopes } from './fixtures.js';

describe('rabbitmq transport against the broker', () => {
  let names: TestNames;
  let transport: TransportInstance | undefined;

  before(requireBroker);

  beforeEach(() => {
    names = uniqueNames();
  });

  afterEach(async () => {
    await transport?.stop?.();
    transport = undefined;
    await deleteTopology(names);
  });

  async function startTransport(
    overrides: Record<string, unknown> = {},
  ): Promise<TransportInstance> {
    transport = createRabbitmqTransport(createTestContext(), optionsFor(names, overrides));
    await transport.start?.();
    return transport;
  }

  describe('publish()', () => {
    it('delivers confirmed messages with the routing key, properties and attribute headers', async () => {
      const started = await startTransport({
        queues: [{ name: names.queue, bindingKeys: ['quotes.polygon.*'] }],
      });
      const envelopes = [quoteEnvelope(1, 'AAPL'), quoteEnvelope(2, 'BRK.B')];

      const results = await started.publish(envelopes);
      const messages = await drainQueue(names.queue);

      expect(results).to.deep.equal(envelopes.map(({ id }) => ({ id, delivered: true })));
      expect(messages.map((m) => m.fields.routingKey)).to.deep.equal([
        'quotes.polygon.AAPL',
        'quotes.polygon.BRK_B',
      ]);
      const [first] = messages;
      expect(first?.properties).to.include({
        contentType: 'application/json',
        messageId: envelopes[0]?.id,
        deliveryMode: 2,
        type: 'stockpoller.quote',
      });
      expect(first?.properties.headers).to.deep.equal({ ...messageAttributesOf(envelopes[0]!) });
      expect(JSON.parse(first!.content.toString('utf8'))).to.deep.equal(envelopes[0]);
    });

    it('routes by a template using {recordType} and {pipeline}', async () => {
      const started = await startTransport({
        routingKey: '{recordType}.{pipeline}.{symbol}',
        queues: [{ name: names.queue, bindingKeys: ['quote.us-equities.#'] }],
      });

      await started.publish([quoteEnvelope(3, 'MSFT')]);
      const [message] = await drainQueue(names.queue);

      expect(message?.fields.routingKey).to.equal('quote.us-equities.MSFT');
    });

    it('routes heartbeats apart from quotes with a {recordType} template', async () => {
      const started = await startTransport({
        routingKey: '{recordType}.{provider}.{symbol}',
        queues: [{ name: names.queue, bindingKeys: ['heartbeat.#'] }],
        mandatory: false,
      });
      const heartbeat = createHeartbeatEnvelope({
        pipeline: 'us-equities',
        exchange: 'XNYS',
        phase: 'closed',
        nextOpenMs: Date.parse('2026-11-27T14:30:00.000Z'),
        nowMs: Date.parse('2026-11-26T15:00:00.000Z'),
      });

      const results = await started.publish([quoteEnvelope(4, 'MSFT'), heartbeat]);
      const messages = await drainQueue(names.queue);

      expect(results.every((result) => result.delivered)).to.equal(true);
      expect(messages.map((m) => m.fields.routingKey)).to.deep.equal(['heartbeat.-.-']);
      expect(messages[0]?.properties.type).to.equal('stockpoller.heartbeat');
      expect(JSON.parse(messages[0]!.content.toString('utf8'))).to.deep.equal(heartbeat);
    });

    it('keeps publishing order within a batch of 500', async () => {
      const started = await startTransport();
      const envelopes = quoteEnvelopes(500);

      const results = await started.publish(envelopes);
      const messages = await drainQueue(names.queue);

      expect(results.every((result) => result.delivered)).to.equal(true);
      expect(messages.map((m) => m.properties.messageId as string)).to.deep.equal(
        envelopes.map(({ id }) => id),
      );
    });

    it('dead-letters a mandatory message no queue takes, after its retries', async () => {
      const started = await startTransport({
        queues: [],
        retry: { maxAttempts: 2, initialDelayMs: 5 },
      });
      const envelope = quoteEnvelope(4);

      const [result] = await started.publish([envelope]);
      const [letter] = await drainQueue(names.deadLetterQueue);

      expect(result).to.include({ id: envelope.id, delivered: false });
      expect(result?.delivered === false && result.error.code).to.equal(
        'SP_ERR_TRANSPORT_DEAD_LETTERED',
      );
      expect(letter?.properties.headers).to.include({
        'x-stockpoller-reason': 'unroutable: 312 NO_ROUTE',
        'x-stockpoller-attempts': 2,
        'x-stockpoller-routing-key': 'quotes.polygon.AAPL',
      });
    });

    it('reports an unroutable message rejected, not found, when dead-lettering is off', async () => {
      const started = await startTransport({
        queues: [],
        deadLetter: { enabled: false },
        retry: { maxAttempts: 1 },
      });

      const [result] = await started.publish([quoteEnvelope(5)]);

      expect(result?.delivered).to.equal(false);
      if (result?.delivered !== false) return;
      expect(result.error.code).to.equal('SP_ERR_TRANSPORT_REJECTED');
      expect(result.error.failure).to.deep.equal({ kind: 'not_found', retryable: false });
    });

    it('drops an unroutable message silently at the broker when mandatory is off', async () => {
      const started = await startTransport({ queues: [], mandatory: false });

      const [result] = await started.publish([quoteEnvelope(6)]);

      expect(result?.delivered).to.equal(true);
      expect(await countMessages(names.deadLetterQueue)).to.equal(0);
    });

    it('retries nacked messages of a full reject-publish queue, then dead-letters them', async () => {
      const { log, entries } = captureLogs();
      transport = createRabbitmqTransport(
        createTestContext({ log }),
        optionsFor(names, {
          queues: [
            { name: names.queue, arguments: { 'x-max-length': 1, 'x-overflow': 'reject-publish' } },
          ],
          retry: { maxAttempts: 3, initialDelayMs: 5, maxDelayMs: 20 },
        }),
      );
      await transport.start?.();
      const envelopes = quoteEnvelopes(3);

      const results = await transport.publish(envelopes);
      const letters = await drainQueue(names.deadLetterQueue);

      expect(results.map((r) => r.delivered)).to.deep.equal([true, false, false]);
      expect(
        letters.map((m) => m.properties.headers?.['x-stockpoller-reason'] as unknown),
      ).to.deep.equal(['nacked', 'nacked']);
      expect(
        letters.map((m) => m.properties.headers?.['x-stockpoller-attempts'] as unknown),
      ).to.deep.equal([3, 3]);
      const logged = entries().map(({ msg, reason }) => ({ msg, reason }));
      expect(logged).to.deep.include({
        msg: 'rabbitmq refused messages, retrying',
        reason: 'nacked',
      });
      expect(logged).to.deep.include({
        msg: 'rabbitmq kept refusing messages, dead-lettering them',
        reason: 'nacked',
      });
    });

    it('fails a message whose dead-lettering is refused too, with a classified error', async () => {
      const started = await startTransport({ queues: [], retry: { maxAttempts: 1 } });
      await deleteTopology({ ...names, exchange: `${names.exchange}.none` });

      const [result] = await started.publish([quoteEnvelope(7)]);

      expect(result?.delivered).to.equal(false);
      if (result?.delivered !== false) return;
      expect(result.error.code).to.equal('SP_ERR_TRANSPORT_PUBLISH_FAILED');
      expect(result.error.failure?.kind).to.equal('not_found');
    });
  });
});
