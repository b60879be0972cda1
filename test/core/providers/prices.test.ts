import { expect } from 'chai';
import {
  keepPositive,
  toOptionalPrice,
  toOptionalVolume,
  toPrice,
} from '../../../core/providers/prices.js';

describe('provider prices', () => {
  describe('keepPositive()', () => {
    it('keeps values above zero and makes zero, negatives and nothing null', () => {
      expect(keepPositive(12.5)).to.equal(12.5);
      for (const missing of [0, -1, null, undefined]) expect(keepPositive(missing)).to.equal(null);
    });
  });

  describe('toPrice()', () => {
    it('reads a positive price from a number or a numeric string', () => {
      expect(toPrice('221.34', 'c')).to.equal(221.34);
    });

    it('fails zero, a negative price and a missing one as malformed', () => {
      for (const bad of [0, -3, null]) {
        expect(() => toPrice(bad, 'bar c'))
          .to.throw(/bar c/)
          .with.nested.property('failure.kind', 'malformed');
      }
    });
  });

  describe('toOptionalPrice()', () => {
    it('reads a price, and zero or an absent marker as not given', () => {
      expect(toOptionalPrice('12.5', 'bid')).to.equal(12.5);
      for (const missing of [0, '0', '', null, undefined, 'None']) {
        expect(toOptionalPrice(missing, 'bid')).to.equal(null);
      }
    });

    it('fails text that is not a number as malformed', () => {
      expect(() => toOptionalPrice('abc', 'bid'))
        .to.throw()
        .with.nested.property('failure.kind', 'malformed');
    });
  });

  describe('toOptionalVolume()', () => {
    it('keeps null and zero, and fails a negative volume as malformed', () => {
      expect(toOptionalVolume(null, 'v')).to.equal(null);
      expect(toOptionalVolume(0, 'v')).to.equal(0);
      expect(() => toOptionalVolume('-1', 'dailyBar.v')).to.throw(/negative volume/);
      expect(() => toOptionalVolume(-5, 'day.v'))
        .to.throw(/negative volume/)
        .with.nested.property('failure.kind', 'malformed');
    });
  });
});
