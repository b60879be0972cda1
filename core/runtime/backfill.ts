import type { Logger } from 'pino';
import { createEnvelope } from '../contract/envelope.js';
import type { Bar, Envelope } from '../contract/types.js';
import { validateRecord } from '../contract/validate.js';
import { describeError, isStockpollerError } from '../errors/index.js';
import type { Clock, ProviderInstance } from '../plugins/types.js';
import { isBarComplete, parseBarWindow } from '../providers/index.js';
import type { BackfillCheckpoint } from './backfill-checkpoint.js';
import { ChunkDelivery } from './backfill-delivery.js';
import type { BackfillChunk } from './backfill-plan.js';
import type { TransportQueue } from './transport-queue.js';

/** Counters a backfill reports as it goes. */
export interface BackfillProgress {
  /** Chunks fetched and delivered in this run. */
  readonly done: number;
  /** Chunks this run set out to fetch. */
  readonly total: number;
  readonly failed: number;
  /** Bars published. */
  readonly bars: number;
}

/** What one backfill run did. The chunk counts add up to `total`. */
export interface BackfillSummary {
  readonly symbols: number;
  readonly chunks: {
    /** Symbols times chunks of the range. */
    readonly total: number;
    /** Delivered and checkpointed by this run. */
    readonly done: number;
    /** Failed to fetch or deliver; not checkpointed, so the next run tries them again. */
    readonly failed: number;
    /** Already in the checkpoint: not fetched. */
    readonly skipped: number;
    /** Reach past now, so not complete yet: never checkpointed (those started were published). */
    readonly pending: number;
    /** Not started because the run was interrupted. */
    readonly remaining: number;
  };
  readonly bars: number;
  /** Bars the data contract rejected: counted and logged, never published. */
  readonly invalid: number;
  readonly interrupted: boolean;
}

/** Everything a backfill needs; the provider is the instance (or stack) to call. */
export interface BackfillJob {
  readonly pipeline: string;
  readonly provider: ProviderInstance;
  readonly symbols: readonly string[];
  readonly interval: string;
  readonly chunks: readonly BackfillChunk[];
  readonly checkpoint: BackfillCheckpoint;
  /** The buffers of the pipeline's transports, used by nothing else meanwhile. */
  readonly transports: readonly TransportQueue[];
  /** Most chunks in flight at once: the provider instance's `concurrency`. */
  readonly concurrency: number;
  readonly log: Logger;
  readonly clock: Clock;
  /** Called after each chunk fetched this run, delivered or failed. */
  readonly onProgress?: (progress: BackfillProgress) => void;
}

/** One symbol's chunk. */
export interface BackfillTask {
  readonly symbol: string;
  readonly chunk: BackfillChunk;
}

/** The tasks of a run, oldest chunk first, and what it leaves out. */
export interface BackfillWork {
  readonly tasks: readonly BackfillTask[];
  /** Already in the checkpoint. */
  readonly skipped: number;
  /** Starting after `nowMs`: nothing to fetch yet. */
  readonly future: number;
}

/** Which chunks of which symbols a run at `nowMs` fetches: neither checkpointed nor future. */
export function planWork(
  job: Pick<BackfillJob, 'symbols' | 'chunks' | 'checkpoint'>,
  nowMs: number,
): BackfillWork {
  const tasks: BackfillTask[] = [];
  let skipped = 0;
  let future = 0;
  for (const chunk of job.chunks) {
    for (const symbol of job.symbols) {
      if (job.checkpoint.isDone(symbol, chunk.id)) skipped += 1;
      else if (chunk.fromMs > nowMs) future += 1;
      else tasks.push({ symbol, chunk });
    }
  }
  return { tasks, skipped, future };
}

/** How a caller ends a backfill early. */
export interface BackfillSignals {
  /** Aborting it starts no new chunk; those in flight go on. */
  readonly stop?: AbortSignal;
  /**
   * Aborting it (after `stop`, once a grace period is over) also gives up the chunks in
   * flight: their calls are cancelled (a wait on the rate limit or a retry too) and they are
   * not recorded, so the next run fetches them again.
   */
  readonly abort?: AbortSignal;
}

/** Most chunks delivered but not yet recorded before workers wait for the checkpoint. */
export const maxUnrecordedChunks = 1000;

/**
 * Fetches every task of {@link planWork} with at most `concurrency` chunks in flight, publishes
 * each chunk's complete, valid bars as `stockpoller.bar` envelopes, and checkpoints the chunk
 * once every transport delivered them (and once it lies wholly in the past). A chunk counts as
 * done once the checkpoint has recorded it; workers go on meanwhile, up to
 * {@link maxUnrecordedChunks} chunks ahead of the checkpoint. A failed chunk is logged with its
 * code and left for the next run; the others go on. When `stop` aborts, no new chunk starts
 * and the run returns after those in flight; when `abort` does, at once. Rejects only when the
 * checkpoint cannot be written (SP_ERR_BACKFILL_CHECKPOINT), after the chunks in flight.
 */
export async function runBackfill(
  job: BackfillJob,
  signals: BackfillSignals = {},
): Promise<BackfillSummary> {
  const { stop, abort } = signals;
  const work = planWork(job, job.clock.now());
  const counts = { done: 0, open: 0, failed: 0, aborted: 0, bars: 0, invalid: 0 };
  const delivery = new ChunkDelivery(job.transports);
  const barsOf = new Map<string, number>();
  const tally = (symbol: string, outcome: TaskOutcome): void => {
    counts[outcome.kind] += 1;
    counts.bars += outcome.bars;
    counts.invalid += outcome.invalid;
    const before = barsOf.get(symbol) ?? 0;
    barsOf.set(symbol, outcome.kind === 'failed' ? Number.NaN : before + outcome.bars);
    job.onProgress?.({
      done: counts.done + counts.open,
      total: work.tasks.length,
      failed: counts.failed,
      bars: counts.bars,
    });
  };

  let next = 0;
  let fatal: Error | undefined;
  const fail = (error: unknown): void => {
    fatal ??= error instanceof Error ? error : new Error(describeError(error));
  };
  const recording = new Set<Promise<void>>();
  const halted = (): boolean => stop?.aborted === true || abort?.aborted === true;
  const worker = async (): Promise<void> => {
    while (!halted() && fatal === undefined && next < work.tasks.length) {
      if (recording.size >= maxUnrecordedChunks) await job.checkpoint.flush().catch(fail);
      const task = work.tasks[next] as BackfillTask;
      next += 1;
      const outcome = await untilAborted(runTask(job, task, delivery, abort), abort).catch(
        (error: unknown) => {
          fail(error);
          return undefined;
        },
      );
      if (outcome === undefined) continue;
      if (outcome.kind === 'aborted') counts.aborted += 1;
      else if (outcome.recorded === undefined) tally(task.symbol, outcome);
      else {
        const recorded = outcome.recorded.then(() => {
          tally(task.symbol, outcome);
        }, fail);
        recording.add(recorded);
        void recorded.finally(() => recording.delete(recorded));
      }
    }
  };
  const workers = Math.max(1, Math.min(job.concurrency, work.tasks.length));
  await Promise.all(Array.from({ length: workers }, worker));
  await job.checkpoint.flush().catch(() => undefined);
  await Promise.all(recording);
  if (fatal !== undefined) throw fatal;
  for (const [symbol, bars] of barsOf) {
    // Most APIs answer an unknown ticker like a range without trading: say so once.
    if (bars === 0) job.log.warn({ symbol }, 'backfill found no bars for symbol');
  }

  // Chunks given up when the grace period ended are started again next time, like those never
  // started.
  const remaining = work.tasks.length - next + counts.aborted;
  return {
    symbols: job.symbols.length,
    chunks: {
      total: job.symbols.length * job.chunks.length,
      done: counts.done,
      failed: counts.failed,
      skipped: work.skipped,
      pending: work.future + counts.open,
      remaining,
    },
    bars: counts.bars,
    invalid: counts.invalid,
    interrupted: remaining > 0,
  };
}

interface TaskOutcome {
  /**
   * `open`: delivered, but the chunk reaches past now, so it is not checkpointed. `aborted`:
   * given up when `abort` fired, not recorded.
   */
  readonly kind: 'done' | 'open' | 'failed' | 'aborted';
  readonly bars: number;
  readonly invalid: number;
  /** For `done`: resolves once the checkpoint recorded the chunk. */
  readonly recorded?: Promise<void>;
}

const abortedOutcome: TaskOutcome = { kind: 'aborted', bars: 0, invalid: 0 };

/** `work`, or the aborted outcome as soon as `abort` fires (`work` then goes on unheeded). */
function untilAborted(work: Promise<TaskOutcome>, abort?: AbortSignal): Promise<TaskOutcome> {
  if (abort === undefined) return work;
  if (abort.aborted) {
    work.catch(() => undefined);
    return Promise.resolve(abortedOutcome);
  }
  return new Promise((resolve, reject) => {
    const onAbort = (): void => {
      work.catch(() => undefined);
      resolve(abortedOutcome);
    };
    abort.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => {
      abort.removeEventListener('abort', onAbort);
    });
  });
}

// A function, so that the compiler does not carry an earlier check across an await.
function isAborted(abort: AbortSignal | undefined): boolean {
  return abort?.aborted === true;
}

async function runTask(
  job: BackfillJob,
  task: BackfillTask,
  delivery: ChunkDelivery,
  abort: AbortSignal | undefined,
): Promise<TaskOutcome> {
  const { symbol, chunk } = task;
  const log = job.log.child({ symbol, chunk: chunk.id });
  const bars = await fetchChunk(job, task, log, abort);
  if (isAborted(abort)) return abortedOutcome;
  if (bars === undefined) return { kind: 'failed', bars: 0, invalid: 0 };

  const nowMs = job.clock.now();
  const request = { symbol, interval: job.interval, from: chunk.from, to: chunk.to };
  const window = parseBarWindow(request, { provider: 'backfill', intervals: [job.interval] });
  const envelopes: Envelope[] = [];
  let invalid = 0;
  for (const bar of bars) {
    // A bar still forming would change after it was published; the next run gets it whole.
    if (!isBarComplete(bar, window, nowMs)) continue;
    const verdict = validateRecord('stockpoller.bar', bar);
    if (verdict.valid) {
      envelopes.push(
        createEnvelope({
          schema: 'stockpoller.bar',
          record: bar,
          pipeline: job.pipeline,
          fetchedAt: nowMs,
        }),
      );
    } else {
      invalid += 1;
      const fields = { code: 'SP_ERR_CONTRACT_INVALID_RECORD', problems: verdict.problems };
      log.warn({ ...fields, timestamp: bar.timestamp }, 'record rejected by contract');
    }
  }

  const delivered = await delivery.deliver(envelopes);
  // Past the grace period nothing is recorded: the run has returned, the store may be closed.
  if (isAborted(abort)) return abortedOutcome;
  if (!delivered) {
    log.warn({ code: 'SP_ERR_TRANSPORT_PUBLISH_FAILED' }, 'backfill chunk not delivered');
    return { kind: 'failed', bars: 0, invalid };
  }
  if (chunk.toMs >= nowMs) return { kind: 'open', bars: envelopes.length, invalid };
  const recorded = job.checkpoint.markDone(symbol, chunk.id).then(() => {
    log.debug({ bars: envelopes.length }, 'backfill chunk delivered');
  });
  return { kind: 'done', bars: envelopes.length, invalid, recorded };
}

/** The chunk's bars; none for `no_data` (no trading in it); undefined when the call failed. */
async function fetchChunk(
  job: BackfillJob,
  { symbol, chunk }: BackfillTask,
  log: Logger,
  abort: AbortSignal | undefined,
): Promise<readonly Bar[] | undefined> {
  try {
    if (job.provider.fetchBars === undefined) throw new Error('the provider serves no bars');
    const request = { symbol, interval: job.interval, from: chunk.from, to: chunk.to };
    return await job.provider.fetchBars(request, abort);
  } catch (error) {
    if (abort?.aborted === true) return undefined;
    if (isStockpollerError(error) && error.failure?.kind === 'no_data') return [];
    const code = isStockpollerError(error) ? error.code : 'SP_ERR_INTERNAL';
    log.warn({ code, err: error }, 'backfill chunk failed');
    return undefined;
  }
}
