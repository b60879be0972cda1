import { expect } from 'chai';
import { copyWithOrigins, isPlainRecord, setOwnValue } from '../../../core/config/plain-data.js';
import type { Origin, OriginMap } from '../../../core/config/source.js';

const at = (line: number): Origin => ({ file: '/a.yaml', value: { line, column: 1 } });

describe('plain-data', () => {
  describe('isPlainRecord()', () => {
    it('accepts mappings only', () => {
      expect(isPlainRecord({})).to.equal(true);
      expect(isPlainRecord([])).to.equal(false);
      expect(isPlainRecord(null)).to.equal(false);
      expect(isPlainRecord('x')).to.equal(false);
    });
  });

  describe('setOwnValue()', () => {
    it('stores "__proto__" as an own property without touching the prototype', () => {
      const target: Record<string, unknown> = {};

      setOwnValue(target, '__proto__', { polluted: true });

      expect(Object.getPrototypeOf(target)).to.equal(Object.prototype);
      expect(Object.keys(target)).to.deep.equal(['__proto__']);
    });
  });

  describe('copyWithOrigins()', () => {
    it('copies values and the origins under them, optionally without null entries', () => {
      const from: OriginMap = new Map([
        ['/a', at(1)],
        ['/a/b', at(2)],
        ['/a/n', at(3)],
        ['/a/l/0', at(4)],
        ['/elsewhere', at(9)],
      ]);
      const value = { b: 1, n: null, l: [null] };
      const to: OriginMap = new Map();

      const copy = copyWithOrigins(value, '/a', from, to, { dropNullEntries: true });

      expect(copy).to.deep.equal({ b: 1, l: [null] });
      expect(copy).to.not.equal(value);
      expect([...to.keys()]).to.deep.equal(['/a', '/a/b', '/a/l/0']);
      expect(
        copyWithOrigins(value, '/a', from, new Map(), { dropNullEntries: false }),
      ).to.deep.equal(value);
    });
  });
});
