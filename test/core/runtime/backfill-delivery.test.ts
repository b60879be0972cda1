import { expect } from 'chai';
import { pino } from 'pino';
import { createEnvelope } from '../../../core/contract/envelope.js';
import type { Bar, Envelope } from '../../../core/contract/types.js';
import { StockpollerError } from '../../../core/errors/index.js';
import type { DeliveryResult, TransportInstance } from '../../../core/plugins/types.js';
import { ChunkDelivery } from '../../../core/runtime/backfill-delivery.js';
import { TransportQueue } from '../../../core/runtime/transport-queue.js';
import { quoteOf, recordingTransport, testBufferPolicy } from './runtime-fixtures.js';

const silent = pino({ level: 'silent' });

function envelopesOf(...symbols: string[]): Envelope[] {
  return symbols.map((symbol) =>
    createEnvelope({
      schema: 'stockpoller.quote',
      record: quoteOf(symbol),
      pipeline: 'p',
      fetchedAt: 0,
    }),
  );
}

function resultsOf(envelopes: readonly Envelope[], delivered: boolean): DeliveryResult[] {
  const error = new StockpollerError('SP_ERR_TRANSPORT_PUBLISH_FAILED', 'nacked');
  return envelopes.map((e) =>
    delivered ? { id: e.id, delivered: true } : { id: e.id, delivered: false, error },
  );
}

function queueOf(transport: TransportInstance, label = 't'): TransportQueue {
  return new TransportQueue(label, transport, testBufferPolicy, silent);
}

describe('ChunkDelivery', () => {
  describe('deliver()', () => {
    it('resolves true once every transport published every envelope', async () => {
      const [one, two] = [recordingTransport(), recordingTransport()];
      const delivery = new ChunkDelivery([queueOf(one, 'one'), queueOf(two, 'two')]);

      expect(await delivery.deliver(envelopesOf('AAA', 'BBB'))).to.equal(true);

      expect(one.received.map((e) => e.record.symbol)).to.deep.equal(['AAA', 'BBB']);
      expect(two.received).to.have.length(2);
    });

    it('resolves false when one transport failed a message, and true again after', async () => {
      let fail = true;
      const flaky: TransportInstance = {
        publish: (envelopes) => Promise.resolve(resultsOf(envelopes, !fail)),
      };
      const delivery = new ChunkDelivery([queueOf(recordingTransport(), 'ok'), queueOf(flaky)]);

      expect(await delivery.deliver(envelopesOf('AAA'))).to.equal(false);
      fail = false;
      expect(await delivery.deliver(envelopesOf('BBB'))).to.equal(true);
    });

    it('resolves false when publish throws', async () => {
      const delivery = new ChunkDelivery([queueOf(recordingTransport('throw'))]);

      expect(await delivery.deliver(envelopesOf('AAA'))).to.equal(false);
    });

    it('hands chunks over one at a time, so a failure is charged to its own chunk', async () => {
      const order: string[] = [];
      let release: (() => void) | undefined;
      const slow: TransportInstance = {
        async publish(envelopes) {
          const symbols = envelopes.map((e) => (e.record as Bar).symbol).join(',');
          order.push(`start ${symbols}`);
          if (symbols === 'AAA') await new Promise<void>((resolve) => (release = resolve));
          order.push(`end ${symbols}`);
          return resultsOf(envelopes, symbols === 'AAA');
        },
      };
      const delivery = new ChunkDelivery([queueOf(slow)]);

      const first = delivery.deliver(envelopesOf('AAA'));
      const second = delivery.deliver(envelopesOf('BBB'));
      await new Promise((resolve) => setImmediate(resolve));
      expect(order).to.deep.equal(['start AAA']);
      release?.();

      expect(await first).to.equal(true);
      expect(await second).to.equal(false);
      expect(order).to.deep.equal(['start AAA', 'end AAA', 'start BBB', 'end BBB']);
    });

    it('resolves true at once for no envelopes', async () => {
      const transport = recordingTransport('throw');
      expect(await new ChunkDelivery([queueOf(transport)]).deliver([])).to.equal(true);
    });
  });
});
