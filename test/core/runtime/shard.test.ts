import { expect } from 'chai';
import { pino } from 'pino';
import sinon from 'sinon';
import { defaultPipelineRuntime, type PipelineConfig } from '../../../core/config/manifest.js';
import { isStockpollerError } from '../../../core/errors/index.js';
import {
  describeShard,
  ordinalOf,
  parseShard,
  pipelinesOnShard,
  resolveShard,
  shardOfSymbol,
  symbolsOnShard,
  wholeShard,
} from '../../../core/runtime/shard.js';

/** `count` distinct tickers in order: A..Z, BA..ZZ, BAA.. (adjacent ones differ by a letter). */
function tickers(count: number): string[] {
  return Array.from({ length: count }, (_, i) => {
    let ticker = '';
    let rest = i;
    do {
      ticker = String.fromCharCode(65 + (rest % 26)) + ticker;
      rest = Math.floor(rest / 26);
    } while (rest > 0);
    return ticker;
  });
}

/** The usage error `run` throws, with its message and hint. */
function usageError(run: () => unknown): { message: string; hint: string } {
  try {
    run();
  } catch (error) {
    if (isStockpollerError(error) && error.code === 'SP_ERR_CLI_USAGE') {
      return { message: error.message, hint: error.hint ?? '' };
    }
    throw error;
  }
  throw new Error('expected SP_ERR_CLI_USAGE');
}

describe('shard', () => {
  afterEach(() => {
    sinon.restore();
  });

  describe('parseShard()', () => {
    it('reads a 0-based index and a count', () => {
      expect(parseShard('0/2')).to.deep.equal({ index: 0, count: 2 });
      expect(parseShard('4/5')).to.deep.equal({ index: 4, count: 5 });
      expect(parseShard('0/1')).to.deep.equal(wholeShard);
    });

    for (const text of ['1', '1-2', 'a/b', '-1/2', '', '1/2/3', '0.5/2']) {
      it(`rejects "${text}" as not of the form INDEX/COUNT`, () => {
        const { message, hint } = usageError(() => parseShard(text));

        expect(message).to.contain('INDEX/COUNT');
        expect(hint).to.contain('--shard 0/3');
      });
    }

    it('rejects an index that is not below the count, saying indexes start at 0', () => {
      const { message, hint } = usageError(() => parseShard('2/2'));

      expect(message).to.contain('indexes start at 0');
      expect(hint).to.contain('0 to 1');
    });

    it('rejects a count below 1 or above the maximum', () => {
      expect(usageError(() => parseShard('0/0')).message).to.contain('from 1 to 1024');
      expect(usageError(() => parseShard('0/5000')).message).to.contain('not 5000');
    });
  });

  describe('ordinalOf()', () => {
    it('reads the ordinal at the end of a StatefulSet pod name', () => {
      expect(ordinalOf('stockpoller-2')).to.equal(2);
      expect(ordinalOf('quotes-us-east-12')).to.equal(12);
      expect(ordinalOf('stockpoller-0')).to.equal(0);
    });

    it('finds none in other host names', () => {
      expect(ordinalOf('localhost')).to.equal(undefined);
      expect(ordinalOf('stockpoller-7f9c')).to.equal(undefined);
      expect(ordinalOf(undefined)).to.equal(undefined);
    });
  });

  describe('resolveShard()', () => {
    it('is undefined when neither --shard nor STOCKPOLLER_SHARDS is given', () => {
      expect(resolveShard(undefined, { HOSTNAME: 'stockpoller-1' })).to.equal(undefined);
      expect(resolveShard(undefined, { STOCKPOLLER_SHARDS: ' ' })).to.equal(undefined);
    });

    it('takes shard 0 of 1 without an index, whatever the host name ends in', () => {
      for (const HOSTNAME of ['stockpoller-7f9c4d-xk2lp', 'stockpoller-6d4cf56db6-24567']) {
        const env = { STOCKPOLLER_SHARDS: '1', HOSTNAME };
        expect(resolveShard(undefined, env)).to.deep.equal({ index: 0, count: 1 });
      }
    });

    it('derives the index from HOSTNAME when STOCKPOLLER_SHARDS is set', () => {
      const env = { STOCKPOLLER_SHARDS: '3', HOSTNAME: 'stockpoller-2' };

      expect(resolveShard(undefined, env)).to.deep.equal({ index: 2, count: 3 });
    });

    it('prefers STOCKPOLLER_SHARD_INDEX to the host name', () => {
      const env = { STOCKPOLLER_SHARDS: '3', STOCKPOLLER_SHARD_INDEX: '0', HOSTNAME: 'sp-2' };

      expect(resolveShard(undefined, env)).to.deep.equal({ index: 0, count: 3 });
    });

    it('lets --shard win over the environment, even a broken one', () => {
      const env = { STOCKPOLLER_SHARDS: 'many', HOSTNAME: 'stockpoller-2' };

      expect(resolveShard('1/4', env)).to.deep.equal({ index: 1, count: 4 });
    });

    it('fails when STOCKPOLLER_SHARDS is set but no ordinal is found', () => {
      const { message, hint } = usageError(() =>
        resolveShard(undefined, { STOCKPOLLER_SHARDS: '2', HOSTNAME: 'localhost' }),
      );

      expect(message).to.contain('no shard index').and.contain('localhost');
      expect(hint).to.contain('STOCKPOLLER_SHARD_INDEX');
    });

    it('fails when the pod ordinal is not below STOCKPOLLER_SHARDS', () => {
      const env = { STOCKPOLLER_SHARDS: '3', HOSTNAME: 'stockpoller-3' };

      expect(usageError(() => resolveShard(undefined, env)).message).to.contain('stockpoller-3');
    });

    it('fails on values that are not whole numbers, or an index without a count', () => {
      const cases: NodeJS.ProcessEnv[] = [
        { STOCKPOLLER_SHARDS: 'two', HOSTNAME: 'sp-0' },
        { STOCKPOLLER_SHARDS: '2', STOCKPOLLER_SHARD_INDEX: 'first' },
        { STOCKPOLLER_SHARD_INDEX: '1' },
        { STOCKPOLLER_SHARDS: '0', STOCKPOLLER_SHARD_INDEX: '0' },
      ];
      for (const env of cases) {
        expect(usageError(() => resolveShard(undefined, env)).message).to.match(/STOCKPOLLER_/);
      }
    });
  });

  describe('symbolsOnShard()', () => {
    const symbols = tickers(10_000);

    it('puts every symbol on exactly one shard for 1 to 8 shards', () => {
      for (let count = 1; count <= 8; count += 1) {
        const parts = Array.from({ length: count }, (_, index) =>
          symbolsOnShard(symbols, { index, count }),
        );

        expect(parts.flat().sort()).to.deep.equal([...symbols].sort());
      }
    });

    it('keeps each shard within 10% of an even share of 10,000 symbols', () => {
      for (let count = 2; count <= 8; count += 1) {
        const even = symbols.length / count;
        for (let index = 0; index < count; index += 1) {
          const size = symbolsOnShard(symbols, { index, count }).length;
          expect(Math.abs(size - even) / even, `shard ${index}/${count}`).to.be.below(0.1);
        }
      }
    });

    it('moves about 1/(n+1) of the symbols, all to the new shard, from n to n+1', () => {
      for (let count = 1; count <= 7; count += 1) {
        const moved = symbols.filter(
          (s) => shardOfSymbol(s, count) !== shardOfSymbol(s, count + 1),
        );

        expect(moved.length / symbols.length, `${count} -> ${count + 1}`).to.be.below(
          1.5 / (count + 1),
        );
        expect(moved.length / symbols.length).to.be.above(0.5 / (count + 1));
        expect(moved.every((s) => shardOfSymbol(s, count + 1) === count)).to.equal(true);
      }
    });

    it('keeps the order of the symbols it keeps', () => {
      const kept = symbolsOnShard(symbols.slice(0, 100), { index: 1, count: 3 });
      const positions = kept.map((s) => symbols.indexOf(s));

      expect(positions).to.deep.equal([...positions].sort((a, b) => a - b));
    });

    it('returns every symbol for the whole', () => {
      expect(symbolsOnShard(['B', 'A'], wholeShard)).to.deep.equal(['B', 'A']);
    });
  });

  describe('shardOfSymbol()', () => {
    // Pinned: a change here would move symbols between running replicas.
    it('keeps the assignments of the shipped tickers', () => {
      const of = (symbol: string) => [2, 3, 4, 8].map((count) => shardOfSymbol(symbol, count));

      expect(of('AAPL')).to.deep.equal([0, 0, 0, 7]);
      expect(of('GOOG')).to.deep.equal([0, 0, 0, 4]);
      expect(of('BRK.B')).to.deep.equal([1, 1, 3, 3]);
    });
  });

  describe('describeShard()', () => {
    it('writes INDEX/COUNT', () => {
      expect(describeShard({ index: 1, count: 3 })).to.equal('1/3');
    });
  });

  describe('pipelinesOnShard()', () => {
    const pipeline = (symbols: string[]): PipelineConfig => ({
      enabled: true,
      provider: 'market',
      symbols,
      records: ['quote'],
      barInterval: '1d',
      ...defaultPipelineRuntime,
      transports: ['bus'],
    });

    it('narrows each pipeline to its symbols on the shard', () => {
      const log = pino({ level: 'silent' });
      const shard = { index: 1, count: 2 };
      const kept = pipelinesOnShard(
        [['all', pipeline(['AAPL', 'MSFT', 'GOOG', 'AMZN'])]],
        shard,
        log,
      );

      expect(kept.map(([name, config]) => [name, config.symbols])).to.deep.equal([
        ['all', ['MSFT', 'AMZN']],
      ]);
    });

    it('drops a pipeline with no symbols on the shard and says so once at info', () => {
      const log = pino({ level: 'silent' });
      const info = sinon.spy(log, 'info');
      const kept = pipelinesOnShard(
        [
          ['mine', pipeline(['MSFT'])],
          ['theirs', pipeline(['AAPL', 'GOOG'])],
        ],
        { index: 1, count: 2 },
        log,
      );

      expect(kept.map(([name]) => name)).to.deep.equal(['mine']);
      expect(info.callCount).to.equal(1);
      expect(info.firstCall.args[0]).to.deep.include({ pipeline: 'theirs', shard: '1/2', of: 2 });
    });

    it('returns the pipelines as they are for the whole', () => {
      const config = pipeline(['AAPL']);
      const kept = pipelinesOnShard([['all', config]], wholeShard, pino({ level: 'silent' }));

      expect(kept).to.deep.equal([['all', config]]);
      expect(kept[0]?.[1]).to.equal(config);
    });
  });
});
