import path from 'node:path';
import type { Logger } from 'pino';
import { defaultBufferConfig, type Manifest } from '../../config/manifest.js';
import { prepareConfig, type PreparedConfig } from '../../config/prepare.js';
import { createContainer } from '../../kernel/container.js';
import { Kernel } from '../../kernel/kernel.js';
import { systemClock } from '../../kernel/tokens.js';
import { createLogger } from '../../logger.js';
import { runBackfill, planWork, type BackfillSummary } from '../../runtime/backfill.js';
import {
  BackfillCheckpoint,
  checkpointCacheKey,
  defaultCheckpointFile,
  type BackfillIdentity,
} from '../../runtime/backfill-checkpoint.js';
import {
  cacheCheckpointStore,
  checkpointKeyPrefix,
  fileCheckpointStore,
  type CheckpointStore,
} from '../../runtime/backfill-checkpoint-store.js';
import { chunkSpanOf, planChunks } from '../../runtime/backfill-plan.js';
import { parseDuration } from '../../runtime/duration.js';
import { ProviderStack, resilienceLayer } from '../../runtime/provider-stack.js';
import { describeShard, symbolsOnShard } from '../../runtime/shard.js';
import { TransportQueue, type BufferPolicy } from '../../runtime/transport-queue.js';
import type { CliIo } from '../io.js';
import { reportFailure } from '../render-errors.js';
import {
  checkProviderServes,
  resolveBackfillRequest,
  type BackfillFlags,
  type BackfillRequest,
} from './backfill-options.js';
import { createProgressReporter, printSummary } from './backfill-output.js';
import { listenForSignals } from './backfill-signals.js';

/**
 * Fetches the historical bars of a pipeline's symbols chunk by chunk and publishes them to the
 * pipeline's transports, keeping a checkpoint so that a re-run resumes. SIGINT or SIGTERM stops
 * starting chunks and lets those in flight finish within the grace period, then gives them up;
 * a second signal exits at once. With a shard, only the symbols of that shard. Exit codes:
 * 0 every chunk delivered (or nothing to do), 1 some chunks failed or the configuration is
 * wrong, 2 a usage mistake, 128 + the signal's number (130, 143) when interrupted.
 * `stop` is for embedders and tests: aborting it interrupts like a signal (exit 130).
 */
export async function backfillCommand(
  io: CliIo,
  flags: BackfillFlags,
  stop?: AbortSignal,
): Promise<number> {
  let kernel: Kernel | undefined;
  try {
    const prepared = await prepareConfig({
      configPath: flags.config,
      env: flags.env,
      cwd: io.cwd,
      vars: io.env,
    });
    const { manifest } = prepared;
    const request = resolveBackfillRequest(manifest, flags, io.env);
    const logger = createLogger(manifest.logLevel);
    kernel = createContainer(prepared, { logger }).resolve(Kernel);
    const summary = await backfill(io, flags, { prepared, request, kernel, logger }, stop);
    await kernel.stop();
    printSummary(io, summary.result, summary.context, request.format);
    if (summary.result.interrupted) return summary.exitCode;
    return summary.result.chunks.failed === 0 ? 0 : 1;
  } catch (error) {
    await kernel?.stop();
    return reportFailure(io, error);
  }
}

interface Backfill {
  readonly prepared: PreparedConfig;
  readonly request: BackfillRequest;
  readonly kernel: Kernel;
  readonly logger: Logger;
}

async function backfill(io: CliIo, flags: BackfillFlags, run: Backfill, stop?: AbortSignal) {
  const { prepared, request, kernel, logger } = run;
  const { manifest } = prepared;
  const { pipeline, interval, from, to } = request;
  const label = pipeline.provider;
  const providerConfig = manifest.providers[label];
  const plugin = providerConfig?.use ?? label;

  await kernel.start(
    (kind, name) =>
      kind === 'secret-store' || kind === 'cache' || (kind === 'provider' && name === label),
  );
  // Through the same layers as a pipeline: retries, the circuit and the concurrency bound.
  // History goes around the result cache: it is never asked for twice, and would only push
  // live results out of it.
  const layers = [resilienceLayer];
  const provider = new ProviderStack(kernel, manifest, logger, systemClock, layers).provider(label);
  checkProviderServes(provider, label, plugin, interval);

  const span = chunkSpanOf(interval, provider.capabilities.maxBarsPerCall);
  const chunks = planChunks({ interval, from, to }, span);
  const { shard } = request;
  const sharded = shard !== undefined && shard.count > 1;
  const symbols = sharded ? symbolsOnShard(pipeline.symbols, shard) : pipeline.symbols;
  const identity: BackfillIdentity = {
    pipeline: request.name,
    provider: label,
    plugin,
    interval,
    from,
    to,
    symbols,
    ...(sharded ? { shard: describeShard(shard) } : {}),
  };
  if (symbols.length === 0) {
    logger.info(
      { pipeline: request.name, shard: identity.shard, of: pipeline.symbols.length },
      'pipeline has no symbols on this shard, nothing to backfill',
    );
    const context = { pipeline: request.name, interval, from, to, checkpoint: 'none' };
    return { result: nothingFetched(0, chunks.length, 0, 0), context, exitCode: 0 };
  }
  const store = checkpointStoreOf(io, flags, { prepared, kernel, identity });
  const checkpoint = await BackfillCheckpoint.open(store, identity, {
    restart: flags.restart,
    clock: systemClock,
  });
  const checkpointShown =
    flags.checkpointCache === undefined ? shown(store.location, io.cwd) : store.location;
  const context = { pipeline: request.name, interval, from, to, checkpoint: checkpointShown };
  const progressLog = logger.child(
    { pipeline: request.name },
    { level: manifest.logLevel === 'silent' ? 'silent' : 'info' },
  );

  const work = planWork({ symbols, chunks, checkpoint }, systemClock.now());
  if (work.tasks.length === 0) {
    const result = nothingFetched(symbols.length, chunks.length, work.skipped, work.future);
    return { result, context, exitCode: 0 };
  }

  await kernel.start((kind, name) => kind === 'transport' && pipeline.transports.includes(name));
  const transports = pipeline.transports.map(
    (name) =>
      new TransportQueue(
        name,
        kernel.instance('transport', name),
        policyOf(manifest, name),
        logger,
      ),
  );
  progressLog.info(
    {
      interval,
      from,
      to,
      symbols: symbols.length,
      shard: identity.shard,
      chunks: work.tasks.length,
      checkpoint: store.location,
    },
    'backfill started',
  );
  const progress = await createProgressReporter(io, progressLog, {
    pipeline: request.name,
    total: work.tasks.length,
  });
  const interruption = listenForSignals(progressLog, request.graceMs, stop);
  try {
    const result = await runBackfill(
      {
        pipeline: request.name,
        provider,
        symbols,
        interval,
        chunks,
        checkpoint,
        transports,
        concurrency: providerConfig?.concurrency ?? 4,
        log: logger.child({ pipeline: request.name }),
        clock: systemClock,
        onProgress: (counts) => {
          progress.update(counts);
        },
      },
      interruption,
    );
    progressLog.info({ ...result.chunks, bars: result.bars }, 'backfill finished');
    return { result, context, exitCode: interruption.exitCode() };
  } finally {
    progress.stop();
    interruption.dispose();
    // A chunk given up at the end of the grace period may still hand its bars over: they are
    // dropped and counted, never published once the transports are being stopped.
    for (const queue of transports) queue.close();
  }
}

/**
 * A backfill never drops messages to make room: a full buffer makes it wait, whatever the
 * transport's `whenFull` says for live polling.
 */
function policyOf(manifest: Manifest, transport: string): BufferPolicy {
  const buffer = manifest.transports[transport]?.buffer ?? defaultBufferConfig;
  return { ...buffer, whenFull: 'block', maxBatchDelayMs: parseDuration(buffer.maxBatchDelay) };
}

function nothingFetched(
  symbols: number,
  chunksPerSymbol: number,
  skipped: number,
  pending: number,
): BackfillSummary {
  const total = symbols * chunksPerSymbol;
  const chunks = { total, done: 0, failed: 0, skipped, pending, remaining: 0 };
  return { symbols, chunks, bars: 0, invalid: 0, interrupted: false };
}

/**
 * Where the checkpoint goes: `--checkpoint-cache`'s cache instance (checked by the request),
 * `--checkpoint FILE`, or the default file next to the manifest.
 */
function checkpointStoreOf(
  io: CliIo,
  flags: BackfillFlags,
  run: { prepared: PreparedConfig; kernel: Kernel; identity: BackfillIdentity },
): CheckpointStore {
  const cache = flags.checkpointCache;
  if (cache !== undefined) {
    const key = checkpointCacheKey(checkpointKeyPrefix, run.identity);
    return cacheCheckpointStore(run.kernel.instance('cache', cache), cache, key);
  }
  const file =
    flags.checkpoint === undefined
      ? defaultCheckpointFile(run.prepared.loaded.manifestFile, run.identity)
      : path.resolve(io.cwd, flags.checkpoint);
  return fileCheckpointStore(file);
}

function shown(file: string, cwd: string): string {
  const relative = path.relative(cwd, file);
  return relative.startsWith('..') || path.isAbsolute(relative) ? file : relative;
}
