import { prepareConfig } from '../../config/prepare.js';
import { StockpollerError } from '../../errors/index.js';
import { createContainer } from '../../kernel/container.js';
import { Kernel } from '../../kernel/kernel.js';
import { createLogger } from '../../logger.js';
import type { Logger } from 'pino';
import { parseDuration } from '../../runtime/duration.js';
import { PipelineRunner } from '../../runtime/pipeline-runner.js';
import { isCleanPoll } from '../../runtime/poll-stats.js';
import { describeShard, resolveShard } from '../../runtime/shard.js';
import type { CliIo } from '../io.js';
import { reportFailure } from '../render-errors.js';
import {
  armHardDeadline,
  exitSoon,
  listenForSignals,
  shutDownWithin,
  signalExitCode,
  type ShutdownSignals,
} from './run-shutdown.js';

/** Options of `stockpoller run`. */
export interface RunOptions {
  readonly config?: string;
  readonly env?: string;
  readonly once: boolean;
  /**
   * How long a shutdown may take in all (polls in flight, buffer flush, plugin stops), e.g. `10s`.
   */
  readonly gracePeriod: string;
  /**
   * `INDEX/COUNT` (0-based): poll only the symbols of that shard. Without it,
   * `STOCKPOLLER_SHARDS` and the pod ordinal decide; without those, every symbol.
   */
  readonly shard?: string;
}

/**
 * Starts the plugins and runs the pipelines: once (`--once`, exit 0 when every symbol was
 * fetched, validated and delivered, else 1) or until SIGTERM/SIGINT. The shutdown (polls in
 * flight, buffer flush, plugin stops in reverse order) is bounded by the grace period as a
 * whole: exit 0 when it all ended in time, 1 when the period ran out and work was abandoned
 * (see {@link shutDown}); whatever hangs, the process exits at most 2 s after the period. A
 * signal during startup stops what started and exits 130 (SIGINT) or 143 (SIGTERM); so does
 * a second signal, at once.
 */
export async function runCommand(io: CliIo, options: RunOptions): Promise<number> {
  let kernel: Kernel | undefined;
  try {
    const graceMs = parseGracePeriod(options.gracePeriod);
    const shard = resolveShard(options.shard, io.env);
    const prepared = await prepareConfig({
      configPath: options.config,
      env: options.env,
      cwd: io.cwd,
      vars: io.env,
    });
    const logger = createLogger(prepared.manifest.logLevel);
    const container = createContainer(prepared, { logger, shard });
    kernel = container.resolve(Kernel);

    // Handlers go in before the plugins start: a signal during a slow connect stops what started.
    const signals = listenForSignals(logger);
    const started = kernel.start();
    const early = await Promise.race([started.then(() => undefined), signals.first]);
    if (early !== undefined) {
      // start() rejects once the plugin it was starting has settled; the stop below handles it.
      started.catch(() => undefined);
      return await stopDuringStartup(kernel, logger, graceMs, early);
    }

    const runner = container.resolve(PipelineRunner);
    if (options.once) return await runOnceUntilSignal(runner, kernel, logger, graceMs, signals);

    runner.start();
    const pipelines = Object.keys(prepared.manifest.pipelines).length;
    const shardText = shard === undefined ? undefined : describeShard(shard);
    logger.info({ pipelines, shard: shardText }, 'running');
    await signals.first;
    const exitCode = await shutDownWithin(
      { runner, kernel, log: logger, graceMs, now: Date.now },
      1,
    );
    exitSoon(exitCode);
    return exitCode;
  } catch (error) {
    await kernel?.stop();
    return reportFailure(io, error);
  }
}

/**
 * `run --once`: 0 when every symbol was fetched, validated and delivered, else 1. A signal
 * during the poll shuts down as `run` does (the poll gets the grace period to finish and its
 * records to be delivered) and exits 130 (SIGINT) or 143 (SIGTERM).
 */
async function runOnceUntilSignal(
  runner: PipelineRunner,
  kernel: Kernel,
  log: Logger,
  graceMs: number,
  signals: ShutdownSignals,
): Promise<number> {
  const polled = runner.runOnce();
  const outcome = await Promise.race([
    polled.then((results) => ({ results })),
    signals.first.then((signal) => ({ signal })),
  ]);
  if ('signal' in outcome) {
    polled.catch(() => undefined);
    const exitCode = signalExitCode(outcome.signal);
    await shutDownWithin({ runner, kernel, log, graceMs, now: Date.now }, exitCode);
    exitSoon(exitCode);
    return exitCode;
  }
  signals.dispose();
  const deliveries = [...runner.deliveryStats().values()];
  await kernel.stop();
  const delivered = deliveries.every((d) => d.failed === 0 && d.dropped === 0);
  return [...outcome.results.values()].every(isCleanPoll) && delivered ? 0 : 1;
}

/** A signal came while the plugins started: stop what started, within the grace period. */
async function stopDuringStartup(
  kernel: Kernel,
  log: Logger,
  graceMs: number,
  signal: NodeJS.Signals,
): Promise<number> {
  const exitCode = signalExitCode(signal);
  const cancelHardDeadline = armHardDeadline(log, graceMs, exitCode);
  const { abandoned } = await kernel.stop({ deadlineMs: Date.now() + graceMs });
  cancelHardDeadline();
  log.info({ signal, exitCode, abandonedPlugins: abandoned }, 'stopped during startup');
  exitSoon(exitCode);
  return exitCode;
}

function parseGracePeriod(text: string): number {
  try {
    return parseDuration(text);
  } catch {
    throw new StockpollerError(
      'SP_ERR_CLI_USAGE',
      `--grace-period "${text}" is not a duration`,
      'write a number and a unit: 500ms, 15s, 5m or 1h',
    );
  }
}
