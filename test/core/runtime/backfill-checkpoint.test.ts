import { expect } from 'chai';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pino } from 'pino';
import sinon from 'sinon';
import type { CacheInstance } from '../../../core/plugins/types.js';
import {
  BackfillCheckpoint,
  backfillKeyOf,
  checkpointCacheKey,
  defaultCheckpointFile,
  type BackfillIdentity,
} from '../../../core/runtime/backfill-checkpoint.js';
import {
  cacheCheckpointStore,
  fileCheckpointStore,
  type CheckpointStore,
} from '../../../core/runtime/backfill-checkpoint-store.js';
import { createMemoryCache } from '../../../plugins/cache-memory/memory-cache.js';
import { tempDir, unwritableFolder } from './backfill-fixtures.js';

const identity: BackfillIdentity = {
  pipeline: 'history',
  provider: 'market',
  plugin: 'polygon',
  interval: '1d',
  from: '2020-01-01',
  to: '2024-12-31',
  symbols: ['AAPL', 'MSFT'],
};
const clock = { now: () => Date.parse('2026-03-10T22:00:00Z') };
const options = { restart: false, clock, writeIntervalMs: 0 };

async function failureOf(work: Promise<unknown>): Promise<{ code?: string; hint?: string }> {
  return work.then(
    () => expect.fail('expected a rejection'),
    (error: unknown) => error as { code?: string; hint?: string },
  );
}

/** A store in memory that counts its writes. */
function countingStore(): CheckpointStore & { saves: object[] } {
  const saves: object[] = [];
  return {
    saves,
    location: 'memory',
    elsewhere: 'another store',
    load: () => Promise.resolve(saves.at(-1)),
    save: (data) => {
      saves.push(structuredClone(data));
      return Promise.resolve();
    },
  };
}

describe('backfill checkpoint', () => {
  let file: string;

  beforeEach(() => {
    file = path.join(tempDir(), 'nested', 'checkpoint.json');
  });

  afterEach(() => {
    sinon.restore();
  });

  describe('backfillKeyOf()', () => {
    it('is the same for the symbols in any order, and differs when the range differs', () => {
      const key = backfillKeyOf(identity);
      expect(key).to.match(/^[0-9a-f]{12}$/);
      expect(backfillKeyOf({ ...identity, symbols: ['MSFT', 'AAPL'] })).to.equal(key);
      for (const change of [
        { interval: '1h' },
        { from: '2020-01-02' },
        { to: '2025-01-01' },
        { provider: 'other' },
        { symbols: ['AAPL'] },
        { shard: '0/2' },
      ]) {
        expect(backfillKeyOf({ ...identity, ...change }), JSON.stringify(change)).to.not.equal(key);
      }
    });

    it('differs between the shards of the same symbols', () => {
      const keys = ['0/3', '1/3', '2/3'].map((shard) => backfillKeyOf({ ...identity, shard }));

      expect(new Set(keys).size).to.equal(3);
    });
  });

  describe('defaultCheckpointFile()', () => {
    it('names the pipeline and the key in .stockpoller next to the manifest', () => {
      expect(defaultCheckpointFile('/srv/deploy/stockpoller.yaml', identity)).to.equal(
        `/srv/deploy/.stockpoller/backfill-history-${backfillKeyOf(identity)}.json`,
      );
    });
  });

  describe('checkpointCacheKey()', () => {
    it('puts the pipeline and the key after the prefix', () => {
      expect(checkpointCacheKey('sp:backfill:', identity)).to.equal(
        `sp:backfill:history:${backfillKeyOf(identity)}`,
      );
    });
  });

  describe('BackfillCheckpoint', () => {
    it('writes an empty one at open, and a reopened one knows the chunks marked', async () => {
      const store = fileCheckpointStore(file);
      const checkpoint = await BackfillCheckpoint.open(store, identity, options);
      expect(checkpoint.isDone('AAPL', '2020-01-01..2020-12-31')).to.equal(false);
      expect(JSON.parse(readFileSync(file, 'utf8'))).to.deep.include({
        completed: { AAPL: [], MSFT: [] },
      });

      await checkpoint.markDone('AAPL', '2020-01-01..2020-12-31');
      const reopened = await BackfillCheckpoint.open(store, identity, options);

      expect(reopened.isDone('AAPL', '2020-01-01..2020-12-31')).to.equal(true);
      expect(reopened.isDone('MSFT', '2020-01-01..2020-12-31')).to.equal(false);
      expect(JSON.parse(readFileSync(file, 'utf8'))).to.deep.include({
        version: 1,
        key: backfillKeyOf(identity),
        pipeline: 'history',
        completed: { AAPL: ['2020-01-01..2020-12-31'], MSFT: [] },
        updatedAt: '2026-03-10T22:00:00.000Z',
      });
    });

    it('keeps every mark of many made at once, sharing writes between them', async () => {
      const checkpoint = await BackfillCheckpoint.open(
        fileCheckpointStore(file),
        identity,
        options,
      );
      const years = Array.from({ length: 5 }, (_, i) => `${2020 + i}`);

      await Promise.all(years.map((year) => checkpoint.markDone('MSFT', year)));

      const stored = JSON.parse(readFileSync(file, 'utf8')) as { completed: { MSFT: string[] } };
      expect(stored.completed.MSFT).to.deep.equal(years);
    });

    it('holds marks until the write interval is over, and flush() writes them at once', async () => {
      const store = countingStore();
      const checkpoint = await BackfillCheckpoint.open(store, identity, {
        ...options,
        writeIntervalMs: 60_000,
      });
      let recorded = 0;
      const marks = ['a', 'b', 'c'].map((id) =>
        checkpoint.markDone('AAPL', id).then(() => {
          recorded += 1;
        }),
      );
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(recorded).to.equal(0);
      expect(store.saves).to.have.length(1);

      await checkpoint.flush();
      await Promise.all(marks);

      expect(recorded).to.equal(3);
      expect(store.saves).to.have.length(2);
      expect(store.saves[1]).to.deep.include({ completed: { AAPL: ['a', 'b', 'c'], MSFT: [] } });
    });

    it('replaces an existing checkpoint at once with --restart', async () => {
      const store = fileCheckpointStore(file);
      const first = await BackfillCheckpoint.open(store, identity, options);
      await first.markDone('AAPL', 'a');

      const restarted = await BackfillCheckpoint.open(store, identity, {
        ...options,
        restart: true,
      });

      expect(restarted.isDone('AAPL', 'a')).to.equal(false);
      const stored = JSON.parse(readFileSync(file, 'utf8')) as { completed: unknown };
      expect(stored.completed).to.deep.equal({ AAPL: [], MSFT: [] });
    });

    it('refuses a checkpoint of another backfill, with a hint to restart or choose another', async () => {
      const store = fileCheckpointStore(file);
      await BackfillCheckpoint.open(store, { ...identity, to: '2023-12-31' }, options);

      const failure = await failureOf(BackfillCheckpoint.open(store, identity, options));

      expect(failure.code).to.equal('SP_ERR_BACKFILL_CHECKPOINT');
      expect(failure.hint).to.contain('--restart').and.contain('--checkpoint');
    });

    it('refuses a file that is not JSON, or not a checkpoint', async () => {
      const store = fileCheckpointStore(file);
      await BackfillCheckpoint.open(store, identity, options);
      for (const text of ['{"version": 1, "completed"', '{"version": 2}', '[]']) {
        writeFileSync(file, text);
        const failure = await failureOf(BackfillCheckpoint.open(store, identity, options));
        expect(failure.code, text).to.equal('SP_ERR_BACKFILL_CHECKPOINT');
      }
    });

    it('fails at open when the folder cannot be written, naming the ways out', async () => {
      const store = fileCheckpointStore(path.join(unwritableFolder(), 'checkpoint.json'));

      const failure = await failureOf(BackfillCheckpoint.open(store, identity, options));

      expect(failure.code).to.equal('SP_ERR_BACKFILL_CHECKPOINT');
      expect(failure.hint)
        .to.contain('--checkpoint FILE')
        .and.contain('writable volume')
        .and.contain('--checkpoint-cache');
    });
  });

  describe('cacheCheckpointStore()', () => {
    const key = checkpointCacheKey('sp:backfill:', identity);
    let cache: CacheInstance;

    beforeEach(() => {
      cache = createMemoryCache({ maxEntries: 100, namespace: 'test' }, pino({ level: 'silent' }));
    });

    it('keeps the checkpoint under its key without a TTL, and a reopened one resumes', async () => {
      const set = sinon.spy(cache, 'set');
      const store = cacheCheckpointStore(cache, 'shared', key);
      const checkpoint = await BackfillCheckpoint.open(store, identity, options);
      await checkpoint.markDone('MSFT', '2021');

      const reopened = await BackfillCheckpoint.open(store, identity, options);

      expect(reopened.isDone('MSFT', '2021')).to.equal(true);
      expect(set.args.map((args) => [args[0], args[2]])).to.deep.equal([
        [key, undefined],
        [key, undefined],
        [key, undefined],
      ]);
      expect(await cache.get(key)).to.deep.include({ completed: { AAPL: [], MSFT: ['2021'] } });
    });

    it('fails with SP_ERR_BACKFILL_CHECKPOINT naming the cache when it cannot be written', async () => {
      sinon.stub(cache, 'set').rejects(new Error('READONLY You can not write against a replica'));
      const store = cacheCheckpointStore(cache, 'shared', key);

      const failure = await failureOf(BackfillCheckpoint.open(store, identity, options));

      expect(failure.code).to.equal('SP_ERR_BACKFILL_CHECKPOINT');
      expect(failure).to.have.property('message').that.contains(`cache "shared" key ${key}`);
      expect(failure.hint).to.contain('cache "shared"').and.contain('--checkpoint FILE');
    });

    it('fails with SP_ERR_BACKFILL_CHECKPOINT when the cache cannot be read', async () => {
      sinon.stub(cache, 'get').rejects(new Error('connection refused'));

      const failure = await failureOf(
        BackfillCheckpoint.open(cacheCheckpointStore(cache, 'shared', key), identity, options),
      );

      expect(failure.code).to.equal('SP_ERR_BACKFILL_CHECKPOINT');
    });
  });
});
