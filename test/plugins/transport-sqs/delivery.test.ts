import { expect } from 'chai';
import sinon from 'sinon';
import { TransportQueue } from '../../../core/runtime/transport-queue.js';
import { createSqsClient } from '../../../plugins/transport-sqs/sqs-client.js';
import { createSqsTransport } from '../../../plugins/transport-sqs/sqs-transport.js';
import { createTestContext } from '../../helpers/plugin-context.js';
import {
  drainQueue,
  idsOf,
  optionsFor,
  quoteEnvelope,
  startEmulator,
  type Fauxqs,
} from './fauxqs-harness.js';
import { startTcpProxy, type TcpProxy } from './tcp-proxy.js';

describe('sqs transport delivery', () => {
  let fauxqs: Fauxqs;
  let proxy: TcpProxy | undefined;

  before(async () => {
    fauxqs = await startEmulator();
  });

  after(async () => {
    await fauxqs.stop();
  });

  afterEach(async () => {
    sinon.restore();
    await proxy?.close();
  });

  describe('publish()', () => {
    it('delivers every message at least once when the endpoint goes down mid-run', async () => {
      const { queueUrl } = fauxqs.server.createQueue('delivery');
      // Down for 300 ms after about a dozen requests; the retries of one message wait at
      // least 10+20+40+80+100x5 ms in all, which outlasts the outage.
      proxy = await startTcpProxy(fauxqs.server.port, { afterChunks: 30, downForMs: 300 });
      const options = optionsFor(fauxqs, {
        queueUrl,
        endpoint: `http://127.0.0.1:${proxy.port}`,
        maxAttempts: 10,
        retryBaseDelayMs: 20,
        retryMaxDelayMs: 200,
        requestTimeoutMs: 2000,
      });
      const context = createTestContext();
      const warn = sinon.spy(context.log, 'warn');
      const client = createSqsClient(options);
      const transport = createSqsTransport(options, context, { client });
      const buffer = new TransportQueue(
        'sqs',
        transport,
        {
          capacity: 10_000,
          maxBatchMessages: 50,
          maxBatchBytes: 1_048_576,
          maxBatchDelayMs: 5,
          whenFull: 'block',
        },
        context.log,
      );
      const envelopes = Array.from({ length: 1000 }, (_, index) =>
        quoteEnvelope(`S${index % 20}`, 100 + index / 100),
      );

      for (let start = 0; start < envelopes.length; start += 100) {
        await buffer.offer(envelopes.slice(start, start + 100));
      }
      await buffer.flush();
      await transport.stop?.();
      client.destroy();

      expect(proxy.outages, 'the endpoint went down').to.equal(1);
      expect(warn.getCalls().some((call) => call.args[1] === 'sqs entries failed, retrying')).to.be
        .true;
      expect(buffer.stats()).to.include({ delivered: 1000, failed: 0, dropped: 0 });
      const seen = new Map<string, number>();
      for (const id of idsOf(await drainQueue(fauxqs.client, queueUrl))) {
        seen.set(id, (seen.get(id) ?? 0) + 1);
      }
      const missing = envelopes.filter(({ id }) => !seen.has(id)).map(({ id }) => id);
      const duplicates = [...seen.values()].reduce((sum, count) => sum + count - 1, 0);
      expect(missing, `missing ids (with ${duplicates} duplicates delivered)`).to.deep.equal([]);
    });
  });
});
