import { expect } from 'chai';
import sinon from 'sinon';
import {
  fmix32,
  highestWeightShard,
  shardSeedOf,
  shardWeight,
  symbolKeyOf,
} from '../../../core/runtime/shard-hash.js';

describe('shard-hash', () => {
  afterEach(() => {
    sinon.restore();
  });

  describe('symbolKeyOf()', () => {
    it('computes FNV-1a 32 in its first lane (the published test vectors)', () => {
      expect(symbolKeyOf('').a).to.equal(0x811c9dc5);
      expect(symbolKeyOf('a').a).to.equal(0xe40c292c);
      expect(symbolKeyOf('foobar').a).to.equal(0xbf9cf968);
    });

    it('gives unsigned 32-bit lanes that differ between similar tickers', () => {
      const one = symbolKeyOf('AAPL');
      const other = symbolKeyOf('AAPM');

      for (const lane of [one.a, one.b, other.a, other.b]) {
        expect(Number.isInteger(lane) && lane >= 0 && lane < 2 ** 32).to.equal(true);
      }
      expect(one.a).to.not.equal(other.a);
      expect(one.b).to.not.equal(other.b);
    });
  });

  describe('fmix32()', () => {
    it("matches MurmurHash3's finalizer", () => {
      expect(fmix32(0)).to.equal(0);
      expect(fmix32(1)).to.equal(0x514e28b7);
    });
  });

  describe('shardWeight()', () => {
    // Pinned: if these change, running replicas would disagree about who polls what.
    it('keeps the weights of version 1 of the definition', () => {
      expect(shardWeight(0, 'AAPL').toString(16)).to.equal('d8a66d4b750ba3b7');
      expect(shardWeight(3, 'MSFT').toString(16)).to.equal('936ac1d26050e02e');
    });
  });

  describe('highestWeightShard()', () => {
    it('picks the shard whose 64-bit weight is highest', () => {
      const seeds = Array.from({ length: 8 }, (_, index) => shardSeedOf(index));
      for (const symbol of ['AAPL', 'MSFT', 'GOOG', 'BRK.B', 'X']) {
        const weights = seeds.map((_, index) => shardWeight(index, symbol));
        const best = weights.indexOf(weights.reduce((a, b) => (b > a ? b : a)));

        expect(highestWeightShard(symbolKeyOf(symbol), seeds)).to.equal(best);
      }
    });

    it('answers 0 when there is a single shard', () => {
      expect(highestWeightShard(symbolKeyOf('AAPL'), [shardSeedOf(0)])).to.equal(0);
    });
  });
});
