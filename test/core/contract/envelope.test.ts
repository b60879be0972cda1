import { createHash } from 'node:crypto';
import { expect } from 'chai';
import {
  canonicalJson,
  createEnvelope,
  messageIdOf,
  recordSchemaVersions,
} from '../../../core/contract/envelope.js';
import { validDailyBar, validQuote } from './contract-fixtures.js';

describe('contract envelope', () => {
  describe('canonicalJson()', () => {
    it('sorts the keys of nested objects and keeps arrays in order', () => {
      const value = { b: 1, a: { d: [3, { z: 1, y: 2 }], c: 'x' } };

      expect(canonicalJson(value)).to.equal('{"a":{"c":"x","d":[3,{"y":2,"z":1}]},"b":1}');
    });

    it('gives the same text whatever order the keys were set in', () => {
      const forward = { symbol: 'AAPL', price: 1, nested: { x: 1, y: null } };
      const backward = { nested: { y: null, x: 1 }, price: 1, symbol: 'AAPL' };

      expect(canonicalJson(forward)).to.equal(canonicalJson(backward));
    });

    it('leaves out undefined properties and writes null for them in arrays', () => {
      expect(canonicalJson({ a: undefined, b: [undefined, 1] })).to.equal('{"b":[null,1]}');
    });

    it('writes non-finite numbers as null, as JSON.stringify does', () => {
      expect(canonicalJson([Number.NaN, Number.POSITIVE_INFINITY])).to.equal('[null,null]');
    });

    it('honours toJSON()', () => {
      expect(canonicalJson({ at: new Date(0) })).to.equal('{"at":"1970-01-01T00:00:00.000Z"}');
    });

    it('escapes strings and keys like JSON.stringify', () => {
      expect(canonicalJson({ 'a"b': 'line\nbreak' })).to.equal('{"a\\"b":"line\\nbreak"}');
    });

    it('throws on a bigint', () => {
      expect(() => canonicalJson({ volume: 10n })).to.throw(TypeError, /bigint/);
    });
  });

  describe('messageIdOf()', () => {
    it('hashes the schema, its version and the canonical record', () => {
      const record = { b: 2, a: 1 };
      const expected = createHash('sha256')
        .update('stockpoller.quote@1\n{"a":1,"b":2}')
        .digest('hex')
        .slice(0, 32);

      expect(messageIdOf('stockpoller.quote', 1, record)).to.equal(expected);
    });

    it('gives the same record the same id regardless of key order', () => {
      const quote = validQuote();
      const reordered = Object.fromEntries(Object.entries(quote).reverse());

      expect(messageIdOf('stockpoller.quote', 1, reordered)).to.equal(
        messageIdOf('stockpoller.quote', 1, quote),
      );
    });

    it('gives different ids when a value, the schema or the version differs', () => {
      const quote = validQuote();
      const ids = new Set([
        messageIdOf('stockpoller.quote', 1, quote),
        messageIdOf('stockpoller.quote', 1, { ...quote, price: quote.price + 0.01 }),
        messageIdOf('stockpoller.bar', 1, quote),
        messageIdOf('stockpoller.quote', 2, quote),
      ]);

      expect(ids.size).to.equal(4);
    });

    it('returns 32 lowercase hex digits', () => {
      expect(messageIdOf('stockpoller.bar', 1, validDailyBar())).to.match(/^[0-9a-f]{32}$/);
    });
  });

  describe('createEnvelope()', () => {
    it('wraps a record with the current schema version and its id', () => {
      const record = validDailyBar();

      const envelope = createEnvelope({
        schema: 'stockpoller.bar',
        record,
        pipeline: 'daily',
        fetchedAt: '2026-03-09T21:00:00.000Z',
      });

      expect(envelope).to.deep.equal({
        schema: 'stockpoller.bar',
        schemaVersion: recordSchemaVersions['stockpoller.bar'],
        id: messageIdOf('stockpoller.bar', 1, record),
        fetchedAt: '2026-03-09T21:00:00.000Z',
        pipeline: 'daily',
        record,
      });
    });

    it('formats a fetchedAt given in epoch milliseconds', () => {
      const envelope = createEnvelope({
        schema: 'stockpoller.quote',
        record: validQuote(),
        pipeline: 'p',
        fetchedAt: Date.UTC(2026, 2, 9, 15, 4, 6, 7),
      });

      expect(envelope.fetchedAt).to.equal('2026-03-09T15:04:06.007Z');
    });

    it('keeps the id when only fetchedAt or pipeline change', () => {
      const record = validQuote();
      const first = createEnvelope({
        schema: 'stockpoller.quote',
        record,
        pipeline: 'a',
        fetchedAt: 1,
      });
      const second = createEnvelope({
        schema: 'stockpoller.quote',
        record,
        pipeline: 'b',
        fetchedAt: 2,
      });

      expect(second.id).to.equal(first.id);
    });
  });
});
