import { expect } from 'chai';
import { fromUnixOfAnyUnit } from '../../../plugins/provider-polygon/fields.js';

describe('polygon fields', () => {
  describe('fromUnixOfAnyUnit()', () => {
    it('reads ns, µs, ms and s from the size of the value', () => {
      const expected = Date.parse('2025-03-12T14:59:59.123Z');

      expect(fromUnixOfAnyUnit(1741791599123456768, 't')).to.equal(expected);
      expect(fromUnixOfAnyUnit('1741791599123456789', 't')).to.equal(expected);
      expect(fromUnixOfAnyUnit(1741791599123456, 't')).to.equal(expected);
      expect(fromUnixOfAnyUnit(1741791599123, 't')).to.equal(expected);
      expect(fromUnixOfAnyUnit(1741791599, 't')).to.equal(expected - 123);
    });
  });
});
