import { expect } from 'chai';
import { UnchangedFilter, fingerprintOf } from '../../../core/runtime/unchanged-filter.js';
import { quoteOf } from './runtime-fixtures.js';

const restamped = (price = 10) => ({
  ...quoteOf('AAA', price),
  timestamp: '2026-03-10T15:00:09.000Z',
});

describe('UnchangedFilter', () => {
  describe('admit()', () => {
    it('admits the first quote of a symbol and refuses the same one re-stamped', () => {
      const filter = new UnchangedFilter(['AAA']);
      expect(filter.admit(quoteOf('AAA'))).to.equal(true);
      expect(filter.admit(quoteOf('AAA'))).to.equal(false);
      expect(filter.admit(restamped())).to.equal(false);
    });

    it('admits a quote whose price, volume, bid or ask changed, and a change back', () => {
      const filter = new UnchangedFilter(['AAA']);
      filter.admit(quoteOf('AAA'));
      expect(filter.admit({ ...quoteOf('AAA'), volume: 101 })).to.equal(true);
      expect(filter.admit({ ...quoteOf('AAA'), volume: 101, bid: 9.99 })).to.equal(true);
      expect(filter.admit({ ...quoteOf('AAA'), volume: 101, bid: 9.99, ask: 10.01 })).to.equal(
        true,
      );
      expect(filter.admit(quoteOf('AAA'))).to.equal(true);
      expect(filter.admit(restamped(11))).to.equal(true);
    });

    it('keeps each symbol apart', () => {
      const filter = new UnchangedFilter(['AAA', 'BBB']);
      expect(filter.admit(quoteOf('AAA'))).to.equal(true);
      expect(filter.admit(quoteOf('BBB'))).to.equal(true);
      expect(filter.admit(quoteOf('BBB'))).to.equal(false);
    });

    it('always admits, and never remembers, a symbol outside the pipeline list', () => {
      const filter = new UnchangedFilter(['AAA']);
      expect(filter.admit(quoteOf('ZZZ'))).to.equal(true);
      expect(filter.admit(quoteOf('ZZZ'))).to.equal(true);
    });
  });

  describe('fingerprintOf()', () => {
    it('ignores the timestamp and the order of keys, and nothing else', () => {
      const quote = quoteOf('AAA');
      const reordered = Object.fromEntries(Object.entries(quote).reverse()) as typeof quote;
      expect(fingerprintOf(reordered)).to.equal(fingerprintOf(restamped()));
      expect(fingerprintOf({ ...quote, currency: 'EUR' })).to.not.equal(fingerprintOf(quote));
      expect(fingerprintOf(quote)).to.match(/^[0-9a-f]{32}$/);
    });
  });
});
