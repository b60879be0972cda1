import { expect } from 'chai';
import type { StockpollerError } from '../../../core/errors/index.js';
import type { TransportInstance } from '../../../core/plugins/types.js';
import { createRabbitmqTransport } from '../../../plugins/transport-rabbitmq/rabbitmq-transport.js';
import { createTestContext } from '../../helpers/plugin-context.js';
import {
  connectToBroker,
  deleteTopology,
  drainQueue,
  listConnections,
  optionsFor,
  requireBroker,
  uniqueNames,
  type TestNames,
} from './broker.js';
import { captureLogs, quoteEnvelopes } from './fixtures.js';

async function startFailure(transport: TransportInstance): Promise<StockpollerError> {
  try {
    await transport.start?.();
  } catch (error) {
    return error as StockpollerError;
  }
  throw new Error('start() succeeded');
}

describe('rabbitmq transport lifecycle', () => {
  let names: TestNames;

  before(requireBroker);

  beforeEach(() => {
    names = uniqueNames();
  });

  afterEach(async () => {
    await deleteTopology(names);
  });

  describe('start()', () => {
    it('connects with the connection name and heartbeat of the options', async () => {
      const connectionName = `stockpoller-${names.exchange}`;
      const transport = createRabbitmqTransport(
        createTestContext(),
        optionsFor(names, { connectionName, heartbeatSeconds: 17 }),
      );
      await transport.start?.();

      const connections = await listConnections();
      await transport.stop?.();

      expect(connections).to.deep.include({ name: connectionName, heartbeat: 17 });
    });

    it('fails classified as unavailable, without the password, when nothing listens', async () => {
      const { log, text } = captureLogs();
      const transport = createRabbitmqTransport(
        createTestContext({ log }),
        optionsFor(names, { url: 'amqp://guest:s3cret-pw@127.0.0.1:1', connectTimeoutMs: 2000 }),
      );

      const error = await startFailure(transport);
      await transport.stop?.();

      expect(error.code).to.equal('SP_ERR_TRANSPORT_SETUP_FAILED');
      expect(error.failure).to.deep.equal({ kind: 'unavailable', retryable: true });
      expect(error.message).to.include('amqp://guest:***@127.0.0.1:1');
      expect(`${error.message} ${String(error.hint)} ${text()}`).not.to.include('s3cret-pw');
    });

    it('fails classified as auth when the broker refuses the login', async () => {
      const transport = createRabbitmqTransport(
        createTestContext(),
        optionsFor(names, { url: 'amqp://guest:wrong-password@127.0.0.1:5672' }),
      );

      const error = await startFailure(transport);

      expect(error.code).to.equal('SP_ERR_TRANSPORT_SETUP_FAILED');
      expect(error.failure?.kind).to.equal('auth');
      expect(error.message).not.to.include('wrong-password');
    });

    it('fails with a mismatch when the exchange exists with another type', async () => {
      const model = await connectToBroker();
      const channel = await model.createChannel();
      await channel.assertExchange(names.exchange, 'fanout', { durable: true });
      await model.close();
      const transport = createRabbitmqTransport(createTestContext(), optionsFor(names));

      const error = await startFailure(transport);

      expect(error.code).to.equal('SP_ERR_TRANSPORT_QUEUE_MISMATCH');
      expect(error.message).to.include(`the exchange "${names.exchange}"`);
    });
  });

  describe('stop()', () => {
    it('waits for the confirms of a batch in flight before it closes', async () => {
      const transport = createRabbitmqTransport(createTestContext(), optionsFor(names));
      await transport.start?.();
      const envelopes = quoteEnvelopes(300);

      const publishing = transport.publish(envelopes);
      await transport.stop?.();
      const results = await publishing;

      expect(results.filter((result) => result.delivered)).to.have.length(300);
      expect(await drainQueue(names.queue)).to.have.length(300);
    });

    it('is idempotent and leaves a transport that refuses publishes', async () => {
      const transport = createRabbitmqTransport(createTestContext(), optionsFor(names));
      await transport.start?.();

      await Promise.all([transport.stop?.(), transport.stop?.()]);
      await transport.stop?.();
      const [result] = await transport.publish(quoteEnvelopes(1));

      expect(result?.delivered === false && result.error.code).to.equal(
        'SP_ERR_TRANSPORT_UNAVAILABLE',
      );
      expect(await transport.health?.()).to.include({ healthy: false });
    });

    it('resolves after a failed start()', async () => {
      const transport = createRabbitmqTransport(
        createTestContext(),
        optionsFor(names, { url: 'amqp://guest:guest@127.0.0.1:1' }),
      );
      await startFailure(transport);

      await transport.stop?.();
      await transport.stop?.();

      expect(await transport.health?.()).to.deep.equal({ healthy: false, detail: 'stopped' });
    });
  });

  describe('health()', () => {
    it('is healthy while connected', async () => {
      const transport = createRabbitmqTransport(createTestContext(), optionsFor(names));
      await transport.start?.();

      const health = await transport.health?.();
      await transport.stop?.();

      expect(health?.healthy).to.equal(true);
      expect(health?.detail).to.match(/^connected to amqp:\/\/[^:]*:\*\*\*@127\.0\.0\.1:5672$/);
    });
  });
});
