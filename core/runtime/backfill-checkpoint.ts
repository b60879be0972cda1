import { createHash } from 'node:crypto';
import path from 'node:path';
import { canonicalJson } from '../contract/envelope.js';
import { toIsoUtc } from '../contract/time.js';
import { StockpollerError } from '../errors/index.js';
import type { Clock } from '../plugins/types.js';
import type { CheckpointStore } from './backfill-checkpoint-store.js';

/** What makes two runs the same backfill, so that the second resumes the first. */
export interface BackfillIdentity {
  readonly pipeline: string;
  /** Label of the provider instance in the manifest. */
  readonly provider: string;
  /** Name of its plugin (`polygon`). */
  readonly plugin: string;
  readonly interval: string;
  readonly from: string;
  readonly to: string;
  readonly symbols: readonly string[];
  /** `INDEX/COUNT` when the symbols are one shard of the pipeline's; absent when unsharded. */
  readonly shard?: string;
}

/** The checkpoint as stored: the identity, and per symbol the ids of the chunks delivered. */
interface CheckpointData extends Omit<BackfillIdentity, 'symbols'> {
  readonly version: 1;
  readonly key: string;
  readonly symbols: readonly string[];
  readonly completed: Record<string, string[]>;
  readonly updatedAt: string;
}

/** Least time between the starts of two checkpoint writes, unless told otherwise. */
export const defaultWriteIntervalMs = 1000;

/**
 * A short hash of what the backfill covers: provider, interval, bounds, symbols (in any
 * order) and the shard, if any. The pipeline is not part of it; the file name and key carry it.
 */
export function backfillKeyOf(identity: BackfillIdentity): string {
  const { provider, plugin, interval, from, to, shard } = identity;
  const symbols = [...identity.symbols].sort();
  const covered = { provider, plugin, interval, from, to, symbols };
  // Unsharded backfills keep the hash they had before shards existed.
  const text = canonicalJson(shard === undefined ? covered : { ...covered, shard });
  return createHash('sha256').update(text).digest('hex').slice(0, 12);
}

/** `.stockpoller/backfill-<pipeline>-<key>.json` in the folder of the manifest. */
export function defaultCheckpointFile(manifestFile: string, identity: BackfillIdentity): string {
  const name = `backfill-${identity.pipeline}-${backfillKeyOf(identity)}.json`;
  return path.join(path.dirname(manifestFile), '.stockpoller', name);
}

/** The cache key of a checkpoint kept in a cache (`--checkpoint-cache`). */
export function checkpointCacheKey(prefix: string, identity: BackfillIdentity): string {
  return `${prefix}${identity.pipeline}:${backfillKeyOf(identity)}`;
}

/** Options of {@link BackfillCheckpoint.open}. */
export interface CheckpointOptions {
  /** Start empty, replacing what the store holds. */
  readonly restart: boolean;
  readonly clock: Clock;
  /** Least time between the starts of two writes; default {@link defaultWriteIntervalMs}. */
  readonly writeIntervalMs?: number;
}

/**
 * The chunks of a backfill already delivered, kept in a {@link CheckpointStore}. Callers mark
 * a chunk only once its messages were delivered, and count it done only once its mark
 * resolves, which is when a write holding it has completed. Each write stores the whole state
 * at once; writes start at most every `writeIntervalMs`, and the marks made meanwhile share
 * the next one. So a crash loses the chunks in flight and those marked since the last write
 * (at most `writeIntervalMs` of them); {@link flush} writes them at once.
 */
export class BackfillCheckpoint {
  private readonly completed: Map<string, Set<string>>;
  private queued: Promise<void> | undefined;
  private writing: Promise<void> = Promise.resolve();
  private lastWriteMs = Number.NEGATIVE_INFINITY;
  private wake: (() => void) | undefined;
  /** Hashing thousands of symbols on every write would cost a good part of it. */
  private readonly key: string;

  private constructor(
    readonly store: CheckpointStore,
    private readonly identity: BackfillIdentity,
    private readonly options: CheckpointOptions,
    completed: Record<string, readonly string[]>,
  ) {
    this.completed = new Map(
      identity.symbols.map((symbol) => [symbol, new Set(completed[symbol] ?? [])]),
    );
    this.key = backfillKeyOf(identity);
  }

  /**
   * Reads the checkpoint of `identity` from `store` (or starts empty when there is none or
   * `restart` is set), then writes it back at once, so that a store that cannot be written
   * fails here, before anything is fetched or published. Throws SP_ERR_BACKFILL_CHECKPOINT
   * when the store cannot be read or written, holds no checkpoint, or one of another backfill.
   */
  static async open(
    store: CheckpointStore,
    identity: BackfillIdentity,
    options: CheckpointOptions,
  ): Promise<BackfillCheckpoint> {
    let completed: Record<string, readonly string[]> = {};
    if (!options.restart) {
      const stored = await store.load();
      if (stored !== undefined) completed = checkedCheckpoint(store, stored, identity).completed;
    }
    const checkpoint = new BackfillCheckpoint(store, identity, options, completed);
    await checkpoint.save();
    return checkpoint;
  }

  /** True when the chunk of the symbol was delivered by an earlier (or this) run. */
  isDone(symbol: string, chunkId: string): boolean {
    return this.completed.get(symbol)?.has(chunkId) === true;
  }

  /** Records a delivered chunk; resolves once a write holding it completed. */
  markDone(symbol: string, chunkId: string): Promise<void> {
    let chunks = this.completed.get(symbol);
    if (chunks === undefined) {
      chunks = new Set();
      this.completed.set(symbol, chunks);
    }
    chunks.add(chunkId);
    return this.save();
  }

  /** Starts the write that waits for its turn now; resolves when the last write completed. */
  flush(): Promise<void> {
    this.wake?.();
    return this.queued ?? this.writing;
  }

  /** Writes the state (after any write in progress). Throws SP_ERR_BACKFILL_CHECKPOINT. */
  save(): Promise<void> {
    if (this.queued !== undefined) return this.queued;
    const next = this.writing
      .catch(() => undefined)
      .then(() => this.waitForTurn())
      .then(() => {
        // From here on, new marks need another write: this one has taken its snapshot.
        this.queued = undefined;
        this.lastWriteMs = performance.now();
        return this.store.save(this.snapshot());
      });
    this.queued = next;
    this.writing = next;
    return next;
  }

  private waitForTurn(): Promise<void> {
    const interval = this.options.writeIntervalMs ?? defaultWriteIntervalMs;
    const waitMs = this.lastWriteMs + interval - performance.now();
    if (waitMs <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.wake = undefined;
        resolve();
      }, waitMs);
      this.wake = () => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve();
      };
    });
  }

  private snapshot(): CheckpointData {
    // Chunk ids stay in the order they were marked (oldest first): sorting would cost more
    // than the rest of a write on a large backfill, and readers use them as a set.
    const completed = Object.fromEntries(
      [...this.completed].map(([symbol, chunks]) => [symbol, [...chunks]]),
    );
    return {
      version: 1,
      key: this.key,
      ...this.identity,
      completed,
      updatedAt: toIsoUtc(this.options.clock.now()),
    };
  }
}

function checkedCheckpoint(
  store: CheckpointStore,
  stored: unknown,
  identity: BackfillIdentity,
): CheckpointData {
  if (!isCheckpointData(stored)) {
    throw new StockpollerError(
      'SP_ERR_BACKFILL_CHECKPOINT',
      `the backfill checkpoint ${store.location} is not a backfill checkpoint`,
      'Pass --restart to start the backfill over and replace it.',
    );
  }
  if (stored.key === backfillKeyOf(identity) && stored.pipeline === identity.pipeline) {
    return stored;
  }
  throw new StockpollerError(
    'SP_ERR_BACKFILL_CHECKPOINT',
    `the checkpoint ${store.location} belongs to another backfill (pipeline ${stored.pipeline}, ${stored.interval} bars from ${stored.from} to ${stored.to})`,
    `Pass --restart to replace it, or ${store.elsewhere}.`,
  );
}

function isCheckpointData(data: unknown): data is CheckpointData {
  if (typeof data !== 'object' || data === null) return false;
  const fields = data as Partial<Record<keyof CheckpointData, unknown>>;
  const { version, completed } = fields;
  const texts = [fields.key, fields.pipeline, fields.interval, fields.from, fields.to];
  if (version !== 1 || !texts.every((text) => typeof text === 'string')) return false;
  if (typeof completed !== 'object' || completed === null) return false;
  return Object.values(completed).every(
    (ids) => Array.isArray(ids) && ids.every((id) => typeof id === 'string'),
  );
}
