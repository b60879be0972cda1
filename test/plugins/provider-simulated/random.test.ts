import { expect } from 'chai';
import {
  deriveKey,
  hashText,
  normalOf,
  uniformOf,
  uniformStream,
} from '../../../plugins/provider-simulated/random.js';

describe('simulated randomness', () => {
  describe('hashText()', () => {
    it('is stable and tells texts apart', () => {
      expect(hashText('AAPL')).to.equal(hashText('AAPL'));
      expect(hashText('AAPL')).to.not.equal(hashText('AAPM'));
    });
  });

  describe('uniformOf()', () => {
    it('stays strictly between 0 and 1 and spreads evenly', () => {
      const values = Array.from({ length: 10_000 }, (_, index) => uniformOf(deriveKey(7, index)));
      const mean = values.reduce((sum, value) => sum + value, 0) / values.length;

      expect(values.every((value) => value > 0 && value < 1)).to.equal(true);
      expect(mean).to.be.closeTo(0.5, 0.02);
    });
  });

  describe('normalOf()', () => {
    it('has a mean near 0 and a variance near 1', () => {
      const values = Array.from({ length: 20_000 }, (_, index) => normalOf(deriveKey(11, index)));
      const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
      const variance = values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / values.length;

      expect(mean).to.be.closeTo(0, 0.05);
      expect(variance).to.be.closeTo(1, 0.05);
    });
  });

  describe('uniformStream()', () => {
    it('replays the same sequence for the same key', () => {
      const first = uniformStream(99);
      const second = uniformStream(99);
      const draws = (next: () => number) => Array.from({ length: 5 }, () => next());

      expect(draws(second)).to.deep.equal(draws(first));
      expect(draws(uniformStream(100))).to.not.deep.equal(draws(uniformStream(99)));
    });
  });
});
