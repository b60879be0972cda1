import { readFile } from 'node:fs/promises';
import { StockpollerError, describeError } from '../errors/index.js';
import type { CacheInstance } from '../plugins/types.js';
import { writeFileAtomic } from './write-atomic.js';

/**
 * Where a backfill checkpoint lives. The checkpoint hands over its whole state on each write;
 * a store replaces what it holds at once (a reader never sees half a state) and reads it back.
 */
export interface CheckpointStore {
  /** How messages name the place: the file's path, or the cache and key. */
  readonly location: string;
  /** How to pick another place, for hints: `another --checkpoint file`. */
  readonly elsewhere: string;
  /**
   * The state stored, parsed from JSON, or undefined when there is none. Throws
   * SP_ERR_BACKFILL_CHECKPOINT when it cannot be read or is not JSON.
   */
  load(): Promise<unknown>;
  /** Replaces the stored state with `data`. Throws SP_ERR_BACKFILL_CHECKPOINT with a hint. */
  save(data: object): Promise<void>;
}

/** Prefix of the cache keys of backfill checkpoints, after the cache's own namespace. */
export const checkpointKeyPrefix = 'sp:backfill:';

/** A checkpoint in a JSON file, rewritten atomically (a temporary file renamed over it). */
export function fileCheckpointStore(file: string): CheckpointStore {
  return {
    location: file,
    elsewhere: 'another --checkpoint file',
    async load() {
      let text: string;
      try {
        text = await readFile(file, 'utf8');
      } catch (error) {
        // ENOTDIR: a part of the path is a file, so no checkpoint is there; writing will say why.
        const { code } = error as NodeJS.ErrnoException;
        if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
        throw unreadable(file, `cannot be read: ${describeError(error)}`, error);
      }
      try {
        return JSON.parse(text) as unknown;
      } catch (error) {
        throw unreadable(file, 'is not JSON', error);
      }
    },
    async save(data) {
      try {
        // Compact: with thousands of symbols, indenting costs as much as the rest of a write.
        await writeFileAtomic(file, `${JSON.stringify(data)}\n`);
      } catch (error) {
        throw unwritable(
          file,
          error,
          'Put it on a writable volume with --checkpoint FILE (a ConfigMap or Secret mount is read-only), or keep it in Redis with --checkpoint-cache NAME.',
        );
      }
    },
  };
}

/**
 * A checkpoint as one entry of a cache instance, under {@link checkpointKeyPrefix}, without a
 * TTL: it stays until the backfill is restarted or the cache evicts it. `cache` is the label
 * the manifest gives the instance.
 */
export function cacheCheckpointStore(
  instance: CacheInstance,
  cache: string,
  key: string,
): CheckpointStore {
  const location = `cache "${cache}" key ${key}`;
  return {
    location,
    elsewhere: 'another --checkpoint-cache',
    async load() {
      try {
        return await instance.get<unknown>(key);
      } catch (error) {
        throw unreadable(location, `cannot be read: ${describeError(error)}`, error);
      }
    },
    async save(data) {
      try {
        await instance.set(key, data);
      } catch (error) {
        throw unwritable(
          location,
          error,
          `Check that cache "${cache}" is reachable and accepts writes, or keep the checkpoint in a file with --checkpoint FILE on a writable volume.`,
        );
      }
    },
  };
}

function unreadable(location: string, problem: string, cause: unknown): StockpollerError {
  return new StockpollerError(
    'SP_ERR_BACKFILL_CHECKPOINT',
    `the backfill checkpoint ${location} ${problem}`,
    'Pass --restart to start the backfill over and replace it.',
    { cause },
  );
}

function unwritable(location: string, cause: unknown, hint: string): StockpollerError {
  return new StockpollerError(
    'SP_ERR_BACKFILL_CHECKPOINT',
    `cannot write the backfill checkpoint ${location}: ${describeError(cause)}`,
    hint,
    { cause },
  );
}
