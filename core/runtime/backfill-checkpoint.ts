import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { canonicalJson } from '../contract/envelope.js';
import { toIsoUtc } from '../contract/time.js';
import { StockpollerError, describeError } from '../errors/index.js';
import type { Clock } from '../plugins/types.js';
import { writeFileAtomic } from './write-atomic.js';

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
}

/** The checkpoint as stored: the identity, and per symbol the ids of the chunks delivered. */
interface CheckpointData extends Omit<BackfillIdentity, 'symbols'> {
  readonly version: 1;
  readonly key: string;
  readonly symbols: readonly string[];
  readonly completed: Record<string, string[]>;
  readonly updatedAt: string;
}

/**
 * A short hash of what the backfill covers: provider, interval, bounds and symbols (in any
 * order). The pipeline is not part of it; the default file name carries it.
 */
export function backfillKeyOf(identity: BackfillIdentity): string {
  const { provider, plugin, interval, from, to } = identity;
  const symbols = [...identity.symbols].sort();
  const text = canonicalJson({ provider, plugin, interval, from, to, symbols });
  return createHash('sha256').update(text).digest('hex').slice(0, 12);
}

/** `.stockpoller/backfill-<pipeline>-<key>.json` in the folder of the manifest. */
export function defaultCheckpointFile(manifestFile: string, identity: BackfillIdentity): string {
  const name = `backfill-${identity.pipeline}-${backfillKeyOf(identity)}.json`;
  return path.join(path.dirname(manifestFile), '.stockpoller', name);
}

/**
 * The chunks of a backfill already delivered, kept in a JSON file. Callers mark a chunk only
 * once its messages were delivered; each mark rewrites the file atomically (marks that come
 * while a write runs share the next write), so an interrupted run loses at most the chunks
 * that were in flight.
 */
export class BackfillCheckpoint {
  private readonly completed: Map<string, Set<string>>;
  private queued: Promise<void> | undefined;
  private writing: Promise<void> = Promise.resolve();

  private constructor(
    /** Absolute path of the file. */
    readonly file: string,
    private readonly identity: BackfillIdentity,
    private readonly clock: Clock,
    completed: Record<string, readonly string[]>,
  ) {
    this.completed = new Map(
      identity.symbols.map((symbol) => [symbol, new Set(completed[symbol] ?? [])]),
    );
  }

  /**
   * Reads the checkpoint of `identity` from `file`, or starts an empty one when there is none
   * or `restart` is set (which writes the empty one at once, replacing the old). Throws
   * SP_ERR_BACKFILL_CHECKPOINT when the file cannot be read, is not a checkpoint, or belongs
   * to another backfill.
   */
  static async open(
    file: string,
    identity: BackfillIdentity,
    options: { readonly restart: boolean; readonly clock: Clock },
  ): Promise<BackfillCheckpoint> {
    if (options.restart) {
      const fresh = new BackfillCheckpoint(file, identity, options.clock, {});
      await fresh.save();
      return fresh;
    }
    const stored = await readCheckpoint(file);
    if (stored !== undefined) checkSameBackfill(file, stored, identity);
    return new BackfillCheckpoint(file, identity, options.clock, stored?.completed ?? {});
  }

  /** True when the chunk of the symbol was delivered by an earlier (or this) run. */
  isDone(symbol: string, chunkId: string): boolean {
    return this.completed.get(symbol)?.has(chunkId) === true;
  }

  /** Records a delivered chunk; resolves once a file holding it was written. */
  markDone(symbol: string, chunkId: string): Promise<void> {
    let chunks = this.completed.get(symbol);
    if (chunks === undefined) {
      chunks = new Set();
      this.completed.set(symbol, chunks);
    }
    chunks.add(chunkId);
    return this.save();
  }

  /** Writes the file (after any write in progress). Throws SP_ERR_BACKFILL_CHECKPOINT. */
  save(): Promise<void> {
    if (this.queued !== undefined) return this.queued;
    const next = this.writing
      .catch(() => undefined)
      .then(() => {
        // From here on, new marks need another write: this one has taken its snapshot.
        this.queued = undefined;
        return this.write();
      });
    this.queued = next;
    this.writing = next;
    return next;
  }

  private async write(): Promise<void> {
    const completed = Object.fromEntries(
      [...this.completed].map(([symbol, chunks]) => [symbol, [...chunks].sort()]),
    );
    const data: CheckpointData = {
      version: 1,
      key: backfillKeyOf(this.identity),
      ...this.identity,
      completed,
      updatedAt: toIsoUtc(this.clock.now()),
    };
    try {
      await writeFileAtomic(this.file, `${JSON.stringify(data, null, 2)}\n`);
    } catch (error) {
      throw new StockpollerError(
        'SP_ERR_BACKFILL_CHECKPOINT',
        `cannot write the backfill checkpoint ${this.file}: ${describeError(error)}`,
        'Check that the folder is writable and the disk has room, or pass --checkpoint FILE.',
        { cause: error },
      );
    }
  }
}

async function readCheckpoint(file: string): Promise<CheckpointData | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw badCheckpoint(file, `cannot be read: ${describeError(error)}`, error);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw badCheckpoint(file, 'is not JSON', error);
  }
  if (!isCheckpointData(data)) throw badCheckpoint(file, 'is not a backfill checkpoint');
  return data;
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

function checkSameBackfill(file: string, stored: CheckpointData, identity: BackfillIdentity) {
  if (stored.key === backfillKeyOf(identity) && stored.pipeline === identity.pipeline) return;
  throw new StockpollerError(
    'SP_ERR_BACKFILL_CHECKPOINT',
    `the checkpoint ${file} belongs to another backfill (pipeline ${stored.pipeline}, ${stored.interval} bars from ${stored.from} to ${stored.to})`,
    'Pass --restart to replace it, or another --checkpoint file.',
  );
}

function badCheckpoint(file: string, problem: string, cause?: unknown): StockpollerError {
  return new StockpollerError(
    'SP_ERR_BACKFILL_CHECKPOINT',
    `the backfill checkpoint ${file} ${problem}`,
    'Pass --restart to start the backfill over and replace the file.',
    cause === undefined ? undefined : { cause },
  );
}
