import { expect } from 'chai';
import sinon from 'sinon';
import { LruStore } from '../../../plugins/cache-memory/lru-store.js';

describe('LruStore', () => {
  afterEach(() => {
    sinon.restore();
  });

  describe('set()', () => {
    it('evicts the least recently set entry once full', () => {
      const store = new LruStore(2);
      store.set('a', 1);
      store.set('b', 2);

      store.set('c', 3);

      expect([store.get('a'), store.get('b'), store.get('c')]).to.deep.equal([undefined, 2, 3]);
      expect(store.size).to.equal(2);
    });

    it('overwrites an existing key without evicting another', () => {
      const store = new LruStore(2);
      store.set('a', 1);
      store.set('b', 2);

      store.set('a', 10);

      expect([store.get('a'), store.get('b')]).to.deep.equal([10, 2]);
    });
  });

  describe('get()', () => {
    it('marks the entry as recently used, so the other one is evicted', () => {
      const store = new LruStore(2);
      store.set('a', 1);
      store.set('b', 2);
      store.get('a');

      store.set('c', 3);

      expect([store.get('a'), store.get('b'), store.get('c')]).to.deep.equal([1, undefined, 3]);
    });

    it('drops an entry once its TTL has passed', () => {
      const clock = sinon.useFakeTimers({ now: 1_000_000 });
      const store = new LruStore(10);
      store.set('quote', 'x', 5_000);

      clock.tick(5_000);
      expect(store.get('quote')).to.equal('x');
      clock.tick(1);
      expect(store.get('quote')).to.equal(undefined);
      expect(store.size).to.equal(0);
    });
  });

  describe('has()', () => {
    it('reports live entries only', () => {
      const clock = sinon.useFakeTimers({ now: 0 });
      const store = new LruStore(10);
      store.set('short', 1, 10);
      store.set('forever', 2);

      clock.tick(11);

      expect([store.has('short'), store.has('forever'), store.has('never')]).to.deep.equal([
        false,
        true,
        false,
      ]);
    });
  });

  describe('delete() and clear()', () => {
    it('remove entries and say whether one was there', () => {
      const store = new LruStore(10);
      store.set('a', 1);
      store.set('b', 2);

      expect(store.delete('a')).to.equal(true);
      expect(store.delete('a')).to.equal(false);
      store.clear();
      expect(store.size).to.equal(0);
    });
  });

  describe('constructor', () => {
    for (const bad of [0, -1, 1.5, Number.NaN]) {
      it(`rejects maxEntries ${String(bad)}`, () => {
        expect(() => new LruStore(bad)).to.throw(RangeError, /positive integer/);
      });
    }
  });
});
