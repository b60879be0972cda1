import { setTimeout as sleep } from 'node:timers/promises';
import { expect } from 'chai';
import sinon from 'sinon';
import type { TransportInstance } from '../../../core/plugins/types.js';
import { createRabbitmqTransport } from '../../../plugins/transport-rabbitmq/rabbitmq-transport.js';
import { createTestContext } from '../../helpers/plugin-context.js';
import { optionsFor, uniqueNames } from './broker.js';
import { stubConnect, type FakeConnection } from './fake-amqp.js';
import { captureLogs, quoteEnvelopes, type LogEntry } from './fixtures.js';

/** Waits until `condition` holds (a wait, not a timing assertion). */
async function until(condition: () => boolean): Promise<void> {
  for (let waited = 0; !condition(); waited += 5) {
    if (waited > 5000) throw new Error('condition not met within 5 s');
    await sleep(5);
  }
}

describe('rabbitmq transport with a stubbed connection', () => {
  let transport: TransportInstance;
  let connections: FakeConnection[];
  let connect: ReturnType<typeof stubConnect>['connect'];
  let entries: () => LogEntry[];

  async function startWith(autoAck: boolean, overrides: Record<string, unknown> = {}) {
    ({ connect, connections } = stubConnect(autoAck));
    const logs = captureLogs();
    entries = logs.entries;
    const options = optionsFor(uniqueNames(), { assert: false, ...overrides });
    transport = createRabbitmqTransport(createTestContext({ log: logs.log }), options, { connect });
    await transport.start?.();
    return connections[0]!;
  }

  afterEach(async () => {
    await transport.stop?.();
    sinon.restore();
  });

  describe('flow control', () => {
    it('holds a batch while the broker blocks the connection and sends it once unblocked', async () => {
      const connection = await startWith(true);
      connection.emit('blocked', 'low on memory');

      const publishing = transport.publish(quoteEnvelopes(3));
      await sleep(20);
      const sentWhileBlocked = connection.channel.published.length;
      const health = await transport.health?.();
      connection.emit('unblocked');
      const results = await publishing;

      expect(sentWhileBlocked).to.equal(0);
      expect(health?.healthy).to.equal(false);
      expect(results.every((result) => result.delivered)).to.equal(true);
      expect(connection.channel.published).to.have.length(3);
      const logged = entries().map(({ msg, reason }) => ({ msg, reason }));
      expect(logged).to.deep.include({
        msg: 'rabbitmq blocked publishing, pausing',
        reason: 'low on memory',
      });
      expect(logged.map(({ msg }) => msg)).to.include('rabbitmq unblocked publishing, resuming');
    });

    it('stops sending in the middle of a batch when blocked and sends the rest after', async () => {
      const connection = await startWith(true);
      const channel = connection.channel;
      const publish = channel.publish.bind(channel);
      sinon.stub(channel, 'publish').callsFake((...args: Parameters<typeof publish>) => {
        const accepted = publish(...args);
        if (channel.published.length === 2) connection.emit('blocked', 'disk alarm');
        return accepted;
      });

      const publishing = transport.publish(quoteEnvelopes(5));
      await sleep(20);
      const sentWhileBlocked = channel.published.length;
      connection.emit('unblocked');
      const results = await publishing;

      expect(sentWhileBlocked).to.equal(2);
      expect(channel.published).to.have.length(5);
      expect(results.every((result) => result.delivered)).to.equal(true);
    });
  });

  describe('connection loss', () => {
    it('re-publishes on a new connection what the lost one left unconfirmed', async () => {
      const first = await startWith(false);
      const envelopes = quoteEnvelopes(3);

      const publishing = transport.publish(envelopes);
      await until(() => first.channel.published.length === 3);
      first.channel.ackOldest();
      first.drop();
      await until(() => connections[1]?.channels[0]?.published.length === 2);
      connections[1]!.channel.ackAll();
      const results = await publishing;

      expect(connect.callCount).to.equal(2);
      expect(results.every((result) => result.delivered)).to.equal(true);
      expect(connections[1]!.channel.published.map((p) => p.options.messageId)).to.deep.equal([
        envelopes[1]?.id,
        envelopes[2]?.id,
      ]);
      expect(entries().map(({ msg }) => msg)).to.include.members([
        'rabbitmq connection lost, reconnecting',
        'confirms lost with the connection, publishing again',
        'reconnected to rabbitmq',
      ]);
    });

    it('opens a new channel on the same connection when only the channel closed', async () => {
      const connection = await startWith(false);

      const publishing = transport.publish(quoteEnvelopes(2));
      await until(() => connection.channel.published.length === 2);
      connection.channel.lose();
      await until(() => connection.channels[1]?.published.length === 2);
      connection.channel.ackAll();
      const results = await publishing;

      expect(connect.callCount).to.equal(1);
      expect(results.every((result) => result.delivered)).to.equal(true);
    });
  });

  describe('time limits', () => {
    it('fails what is unconfirmed after publishTimeoutMs as unavailable and retryable', async () => {
      await startWith(false, { publishTimeoutMs: 50 });

      const [result] = await transport.publish(quoteEnvelopes(1));

      expect(result?.delivered).to.equal(false);
      if (result?.delivered !== false) return;
      expect(result.error.code).to.equal('SP_ERR_TRANSPORT_UNAVAILABLE');
      expect(result.error.failure).to.deep.equal({ kind: 'unavailable', retryable: true });
    });

    it('gives up on outstanding confirms after stopTimeoutMs', async () => {
      await startWith(false, { stopTimeoutMs: 50 });

      const publishing = transport.publish(quoteEnvelopes(2));
      await transport.stop?.();
      const results = await publishing;

      expect(results.map((result) => result.delivered)).to.deep.equal([false, false]);
    });
  });

  describe('start()', () => {
    it('closes a connection that comes up after stop() was called', async () => {
      ({ connect, connections } = stubConnect(true));
      const options = optionsFor(uniqueNames(), { assert: false });
      transport = createRabbitmqTransport(createTestContext(), options, { connect });

      const starting = transport.start?.();
      await transport.stop?.();
      const failure = await starting?.catch((error: unknown) => error);

      expect(failure).to.have.property('code', 'SP_ERR_TRANSPORT_UNAVAILABLE');
      expect(connections[0]?.closedByClient).to.equal(true);
    });
  });

  describe('publish()', () => {
    it('fails a message whose routing key is over 255 bytes at once, as a bad request', async () => {
      const connection = await startWith(true, { routingKey: '{messageId}'.repeat(8) });

      const [result] = await transport.publish(quoteEnvelopes(1));

      expect(connection.channel.published).to.have.length(0);
      expect(result?.delivered).to.equal(false);
      if (result?.delivered !== false) return;
      expect(result.error.code).to.equal('SP_ERR_TRANSPORT_PUBLISH_FAILED');
      expect(result.error.failure).to.deep.equal({ kind: 'bad_request', retryable: false });
    });
  });
});
