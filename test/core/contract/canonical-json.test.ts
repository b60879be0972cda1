import { createHash } from 'node:crypto';
import { expect } from 'chai';
import sinon from 'sinon';
import { canonicalJson } from '../../../core/contract/canonical-json.js';
import { messageIdOf } from '../../../core/contract/envelope.js';
import { validDailyBar, validQuote } from './contract-fixtures.js';

/** What canonical JSON means, spelled the slow way: JSON.stringify over key-sorted copies. */
function reference(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) => {
    if (typeof inner !== 'object' || inner === null || Array.isArray(inner)) return inner;
    const source = inner as Record<string, unknown>;
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(source).sort()) sorted[key] = source[key];
    return sorted;
  });
}

describe('canonicalJson', () => {
  afterEach(() => {
    sinon.restore();
  });

  describe('canonicalJson()', () => {
    it('writes flat records exactly as the key-sorted JSON.stringify would', () => {
      const records: Record<string, unknown>[] = [
        { ...validQuote() },
        { ...validDailyBar() },
        { b: -0, a: 1e21, c: 5e-7, d: 0.1 + 0.2 },
        { text: 'quote " back\\slash \n line \u2028 \u0007 é 😀', other: '' },
        { yes: true, no: false, nothing: null, gone: undefined },
        { nan: Number.NaN, inf: Number.POSITIVE_INFINITY, minus: Number.NEGATIVE_INFINITY },
        {},
      ];
      for (const record of records) expect(canonicalJson(record)).to.equal(reference(record));
    });

    it('gives the same text for the same keys set in another order', () => {
      const quote = validQuote();
      const reversed = Object.fromEntries(Object.entries(quote).reverse());

      expect(canonicalJson(reversed)).to.equal(canonicalJson(quote));
    });

    it('stays right when more shapes come than it remembers', () => {
      for (let round = 0; round < 2; round += 1) {
        for (let shape = 0; shape < 40; shape += 1) {
          const record: Record<string, unknown> = { [`k${shape}`]: shape, z: 'last', a: round };
          expect(canonicalJson(record)).to.equal(reference(record));
        }
      }
    });

    it('falls back to the general path for nested values, functions and symbols', () => {
      const nested = { b: { y: 1, x: [2, { q: 1, p: 0 }] }, a: 'x' };
      const withFunction = { b: 1, a: () => 1 };
      const withSymbol = { b: 1, a: Symbol('s') };

      expect(canonicalJson(nested)).to.equal(reference(nested));
      expect(canonicalJson(withFunction)).to.equal('{"b":1}');
      expect(canonicalJson(withSymbol)).to.equal('{"b":1}');
    });

    it('honours an own toJSON() and objects that are not plain', () => {
      const own = { b: 1, toJSON: () => ({ z: 1, y: 2 }) };
      const bare = Object.assign(Object.create(null) as object, { b: 2, a: 1 });

      expect(canonicalJson(own)).to.equal('{"y":2,"z":1}');
      expect(canonicalJson(bare)).to.equal('{"a":1,"b":2}');
      expect(canonicalJson(new Date(0))).to.equal('"1970-01-01T00:00:00.000Z"');
    });

    it('throws on a bigint, even in a flat record', () => {
      expect(() => canonicalJson({ volume: 10n })).to.throw(TypeError, /bigint/);
    });
  });

  describe('messageIdOf()', () => {
    it('keeps the ids of the two-step SHA-256 it replaced', () => {
      for (const [schema, record] of [
        ['stockpoller.quote', validQuote()],
        ['stockpoller.bar', validDailyBar()],
      ] as const) {
        const expected = createHash('sha256')
          .update(`${schema}@1\n`)
          .update(reference(record))
          .digest('hex')
          .slice(0, 32);

        expect(messageIdOf(schema, 1, record)).to.equal(expected);
      }
    });
  });
});
