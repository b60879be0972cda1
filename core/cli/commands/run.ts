import { prepareConfig } from '../../config/prepare.js';
import { StockpollerError } from '../../errors/index.js';
import { createContainer } from '../../kernel/container.js';
import { Kernel } from '../../kernel/kernel.js';
import { createLogger } from '../../logger.js';
import { parseDuration } from '../../runtime/duration.js';
import { PipelineRunner } from '../../runtime/pipeline-runner.js';
import { isCleanPoll } from '../../runtime/poll-stats.js';
import { describeShard, resolveShard } from '../../runtime/shard.js';
import type { CliIo } from '../io.js';
import { reportFailure } from '../render-errors.js';

/** Options of `stockpoller run`. */
export interface RunOptions {
  readonly config?: string;
  readonly env?: string;
  readonly once: boolean;
  /** How long a shutdown may wait for polls in flight, e.g. `10s`. */
  readonly gracePeriod: string;
  /**
   * `INDEX/COUNT` (0-based): poll only the symbols of that shard. Without it,
   * `STOCKPOLLER_SHARDS` and the pod ordinal decide; without those, every symbol.
   */
  readonly shard?: string;
}

/**
 * Starts the plugins and runs the pipelines: once (`--once`, exit 0 when every symbol was
 * fetched, validated and delivered, else 1) or until SIGTERM/SIGINT, which stop scheduling,
 * let polls in flight finish within the grace period, stop plugins in reverse order and exit
 * 0. A second signal exits at once with 130.
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
    await kernel.start();
    const runner = container.resolve(PipelineRunner);

    if (options.once) {
      const results = await runner.runOnce();
      const deliveries = [...runner.deliveryStats().values()];
      await kernel.stop();
      const delivered = deliveries.every((d) => d.failed === 0 && d.dropped === 0);
      return [...results.values()].every(isCleanPoll) && delivered ? 0 : 1;
    }

    runner.start();
    const pipelines = Object.keys(prepared.manifest.pipelines).length;
    const shardText = shard === undefined ? undefined : describeShard(shard);
    logger.info({ pipelines, shard: shardText }, 'running');
    await waitForSignal(logger);
    await runner.stop(graceMs);
    await kernel.stop();
    logger.info({}, 'stopped');
    return 0;
  } catch (error) {
    await kernel?.stop();
    return reportFailure(io, error);
  }
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

function waitForSignal(logger: { warn(fields: object, message: string): void }): Promise<void> {
  return new Promise((resolve) => {
    let received = 0;
    const onSignal = (signal: NodeJS.Signals): void => {
      received += 1;
      if (received > 1) {
        logger.warn({ signal }, 'second signal, exiting now');
        process.exit(130);
      }
      logger.warn({ signal }, 'shutting down');
      resolve();
    };
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
  });
}
