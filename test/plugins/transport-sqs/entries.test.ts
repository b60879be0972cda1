import { expect } from 'chai';
import { createHeartbeatEnvelope } from '../../../core/contract/heartbeat.js';
import {
  outgoingOf,
  sizeOfEntry,
  splitIntoBatches,
  sqsAttributesOf,
  type OutgoingMessage,
} from '../../../plugins/transport-sqs/entries.js';
import { quoteEnvelope } from './fauxqs-harness.js';

/** An outgoing message of a given size; only its size matters to the split. */
function sized(index: number, bytes: number): OutgoingMessage {
  return { messageId: `id${index}`, entry: { Id: `m${index}`, MessageBody: '' }, bytes };
}

describe('sqs entries', () => {
  describe('sqsAttributesOf()', () => {
    it('maps schemaVersion to a Number attribute and the rest to String attributes', () => {
      const envelope = quoteEnvelope('BRK.B', 1);

      const attributes = sqsAttributesOf(envelope);

      expect(attributes.schemaVersion).to.deep.equal({ DataType: 'Number', StringValue: '1' });
      expect(attributes.symbol).to.deep.equal({ DataType: 'String', StringValue: 'BRK.B' });
      expect(Object.keys(attributes)).to.have.members([
        'contentType',
        'schema',
        'schemaVersion',
        'messageId',
        'symbol',
        'provider',
        'recordType',
        'pipeline',
      ]);
    });
  });

  describe('outgoingOf()', () => {
    it('adds the symbol as group and the id as deduplication id only for FIFO queues', () => {
      const envelope = quoteEnvelope('MSFT', 2);

      const fifo = outgoingOf(envelope, 3, { fifo: true });
      const standard = outgoingOf(envelope, 3, { fifo: false });

      expect(fifo.entry).to.include({
        Id: 'm3',
        MessageGroupId: 'MSFT',
        MessageDeduplicationId: envelope.id,
      });
      expect(standard.entry).to.not.have.any.keys('MessageGroupId', 'MessageDeduplicationId');
      expect(JSON.parse(standard.entry.MessageBody ?? '')).to.deep.equal(envelope);
      expect(standard.bytes).to.equal(sizeOfEntry(standard.entry));
    });

    it('puts heartbeats of a FIFO queue in the group -, as they have no symbol', () => {
      const heartbeat = createHeartbeatEnvelope({
        pipeline: 'main',
        exchange: 'XNYS',
        phase: 'closed',
        nextOpenMs: Date.parse('2026-11-27T14:30:00.000Z'),
        nowMs: Date.parse('2026-11-26T15:00:00.000Z'),
      });

      const fifo = outgoingOf(heartbeat, 0, { fifo: true });

      expect(fifo.entry).to.include({ MessageGroupId: '-', MessageDeduplicationId: heartbeat.id });
      expect(fifo.entry.MessageAttributes?.recordType?.StringValue).to.equal('heartbeat');
    });

    it('sizes the body and every attribute name, type and value in UTF-8 bytes', () => {
      const entry = {
        Id: 'm0',
        MessageBody: 'é',
        MessageAttributes: { ab: { DataType: 'String', StringValue: 'xyz' } },
      };

      expect(sizeOfEntry(entry)).to.equal(2 + 2 + 6 + 3);
    });
  });

  describe('splitIntoBatches()', () => {
    it('cuts after every 10 messages', () => {
      const messages = Array.from({ length: 23 }, (_, index) => sized(index, 10));

      const batches = splitIntoBatches(messages, 262_144);

      expect(batches.map((batch) => batch.length)).to.deep.equal([10, 10, 3]);
      expect(batches.flat()).to.deep.equal(messages);
    });

    it('cuts before a message that would take a batch past maxBytes', () => {
      const messages = [100, 100, 60, 50, 100].map((bytes, index) => sized(index, bytes));

      const batches = splitIntoBatches(messages, 250);

      expect(batches.map((batch) => batch.map((message) => message.bytes))).to.deep.equal([
        [100, 100],
        [60, 50, 100],
      ]);
    });

    it('sends a message larger than maxBytes on its own', () => {
      const messages = [10, 500, 10].map((bytes, index) => sized(index, bytes));

      const batches = splitIntoBatches(messages, 100);

      expect(batches.map((batch) => batch.length)).to.deep.equal([1, 1, 1]);
    });

    it('returns no batch for no message', () => {
      expect(splitIntoBatches([], 100)).to.deep.equal([]);
    });
  });
});
