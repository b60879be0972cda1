import { expect } from 'chai';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  BackfillCheckpoint,
  backfillKeyOf,
  defaultCheckpointFile,
  type BackfillIdentity,
} from '../../../core/runtime/backfill-checkpoint.js';
import { tempDir } from './backfill-fixtures.js';

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

async function failureOf(work: Promise<unknown>): Promise<{ code?: string; hint?: string }> {
  return work.then(
    () => expect.fail('expected a rejection'),
    (error: unknown) => error as { code?: string; hint?: string },
  );
}

describe('backfill checkpoint', () => {
  let file: string;

  beforeEach(() => {
    file = path.join(tempDir(), 'nested', 'checkpoint.json');
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
      ]) {
        expect(backfillKeyOf({ ...identity, ...change }), JSON.stringify(change)).to.not.equal(key);
      }
    });
  });

  describe('defaultCheckpointFile()', () => {
    it('names the pipeline and the key in .stockpoller next to the manifest', () => {
      expect(defaultCheckpointFile('/srv/deploy/stockpoller.yaml', identity)).to.equal(
        `/srv/deploy/.stockpoller/backfill-history-${backfillKeyOf(identity)}.json`,
      );
    });
  });

  describe('BackfillCheckpoint', () => {
    it('starts empty without a file, and a reopened one knows the chunks marked', async () => {
      const checkpoint = await BackfillCheckpoint.open(file, identity, { restart: false, clock });
      expect(checkpoint.isDone('AAPL', '2020-01-01..2020-12-31')).to.equal(false);
      expect(existsSync(file)).to.equal(false);

      await checkpoint.markDone('AAPL', '2020-01-01..2020-12-31');
      const reopened = await BackfillCheckpoint.open(file, identity, { restart: false, clock });

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
      const checkpoint = await BackfillCheckpoint.open(file, identity, { restart: false, clock });
      const years = Array.from({ length: 5 }, (_, i) => `${2020 + i}`);

      await Promise.all(years.map((year) => checkpoint.markDone('MSFT', year)));

      const stored = JSON.parse(readFileSync(file, 'utf8')) as { completed: { MSFT: string[] } };
      expect(stored.completed.MSFT).to.deep.equal(years);
    });

    it('replaces an existing file at once with --restart', async () => {
      const first = await BackfillCheckpoint.open(file, identity, { restart: false, clock });
      await first.markDone('AAPL', 'a');

      const restarted = await BackfillCheckpoint.open(file, identity, { restart: true, clock });

      expect(restarted.isDone('AAPL', 'a')).to.equal(false);
      const stored = JSON.parse(readFileSync(file, 'utf8')) as { completed: unknown };
      expect(stored.completed).to.deep.equal({ AAPL: [], MSFT: [] });
    });

    it('refuses a file of another backfill, with a hint to restart or choose another', async () => {
      const other = await BackfillCheckpoint.open(
        file,
        { ...identity, to: '2023-12-31' },
        {
          restart: false,
          clock,
        },
      );
      await other.save();

      const failure = await failureOf(
        BackfillCheckpoint.open(file, identity, { restart: false, clock }),
      );

      expect(failure.code).to.equal('SP_ERR_BACKFILL_CHECKPOINT');
      expect(failure.hint).to.contain('--restart').and.contain('--checkpoint');
    });

    it('refuses a file that is not JSON, or not a checkpoint', async () => {
      const checkpoint = await BackfillCheckpoint.open(file, identity, { restart: false, clock });
      await checkpoint.save();
      for (const text of ['{"version": 1, "completed"', '{"version": 2}', '[]']) {
        writeFileSync(file, text);
        const failure = await failureOf(
          BackfillCheckpoint.open(file, identity, { restart: false, clock }),
        );
        expect(failure.code, text).to.equal('SP_ERR_BACKFILL_CHECKPOINT');
      }
    });
  });
});
