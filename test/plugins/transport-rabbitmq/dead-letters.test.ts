import { expect } from 'chai';
import type { DeadLetterAccess, TransportInstance } from '../../../core/plugins/types.js';
import { createRabbitmqTransport } from '../../../plugins/transport-rabbitmq/rabbitmq-transport.js';
import { createTestContext } from '../../helpers/plugin-context.js';
import {
  bindQueue,
  countMessages,
  deleteTopology,
  drainQueue,
  optionsFor,
  requireBroker,
  uniqueNames,
  type TestNames,
} from './broker.js';
import { quoteEnvelope } from './fixtures.js';

describe('rabbitmq transport dead letters', () => {
  let names: TestNames;
  let transport: TransportInstance;
  let access: DeadLetterAccess;
  const ids: string[] = [];

  before(requireBroker);

  // Three messages no queue takes, dead-lettered after one attempt each, oldest first.
  beforeEach(async () => {
    names = uniqueNames();
    transport = createRabbitmqTransport(
      createTestContext(),
      optionsFor(names, { queues: [], retry: { maxAttempts: 1 } }),
    );
    await transport.start?.();
    const envelopes = [quoteEnvelope(1, 'AAPL'), quoteEnvelope(2, 'MSFT'), quoteEnvelope(3, 'IBM')];
    ids.splice(0, ids.length, ...envelopes.map(({ id }) => id));
    for (const envelope of envelopes) await transport.publish([envelope]);
    access = transport.deadLetters!;
  });

  afterEach(async () => {
    await transport.stop?.();
    await deleteTopology(names);
  });

  describe('inspect()', () => {
    it('shows the oldest dead letters with reason, attempts, symbol and age', async () => {
      const letters = await access.inspect(2);

      expect(
        letters.map(({ id, reason, attempts, symbol }) => ({ id, reason, attempts, symbol })),
      ).to.deep.equal([
        { id: ids[0], reason: 'unroutable: 312 NO_ROUTE', attempts: 1, symbol: 'AAPL' },
        { id: ids[1], reason: 'unroutable: 312 NO_ROUTE', attempts: 1, symbol: 'MSFT' },
      ]);
      expect(letters[0]?.ageMs).to.be.a('number');
    });

    it('leaves every message in the queue, in its place', async () => {
      await access.inspect(10);
      const again = await access.inspect(10);

      expect(again.map(({ id }) => id)).to.deep.equal(ids);
      expect(await countMessages(names.deadLetterQueue)).to.equal(3);
    });
  });

  describe('redrive()', () => {
    it('changes nothing on a dry run and says how many would move', async () => {
      const result = await access.redrive(2, true);

      expect(result).to.deep.equal({ moved: 0, failed: 0, wouldMove: 2 });
      expect(await countMessages(names.deadLetterQueue)).to.equal(3);
    });

    it('re-publishes with the original routing key and empties the queue once confirmed', async () => {
      await bindQueue(names, names.queue);

      const result = await access.redrive(10, false);
      const moved = await drainQueue(names.queue);

      expect(result).to.deep.equal({ moved: 3, failed: 0, wouldMove: 0 });
      expect(await countMessages(names.deadLetterQueue)).to.equal(0);
      expect(moved.map((m) => m.properties.messageId as string)).to.deep.equal(ids);
      expect(moved.map((m) => m.fields.routingKey)).to.deep.equal([
        'quotes.polygon.AAPL',
        'quotes.polygon.MSFT',
        'quotes.polygon.IBM',
      ]);
      expect(moved[0]?.properties.headers).to.include({ symbol: 'AAPL', recordType: 'quote' });
      expect(moved[0]?.properties.headers).not.to.have.property('x-stockpoller-reason');
    });

    it('moves at most limit messages', async () => {
      await bindQueue(names, names.queue);

      const result = await access.redrive(2, false);

      expect(result).to.deep.equal({ moved: 2, failed: 0, wouldMove: 0 });
      expect((await access.inspect(10)).map(({ id }) => id)).to.deep.equal([ids[2]]);
    });

    it('keeps in the queue what is still unroutable', async () => {
      const result = await access.redrive(10, false);

      expect(result).to.deep.equal({ moved: 0, failed: 3, wouldMove: 0 });
      expect((await access.inspect(10)).map(({ id }) => id)).to.deep.equal(ids);
    });
  });

  describe('deadLetters', () => {
    it('is absent when dead-lettering is off', () => {
      const plain = createRabbitmqTransport(
        createTestContext(),
        optionsFor(names, { deadLetter: { enabled: false } }),
      );

      expect(plain.deadLetters).to.equal(undefined);
    });

    it('refuses to work before start()', async () => {
      const idle = createRabbitmqTransport(createTestContext(), optionsFor(names));

      const failure = await idle.deadLetters!.inspect(1).catch((error: unknown) => error);

      expect(failure).to.have.property('code', 'SP_ERR_TRANSPORT_UNAVAILABLE');
    });
  });
});
