import { hintForName } from '../../config/hints.js';
import type { Manifest, PipelineConfig } from '../../config/manifest.js';
import { StockpollerError, isStockpollerError } from '../../errors/index.js';
import type { ProviderInstance } from '../../plugins/types.js';
import { parseBarWindow } from '../../providers/index.js';
import { parseDuration } from '../../runtime/duration.js';
import { resolveShard, type Shard } from '../../runtime/shard.js';

/** Options of `stockpoller backfill`, as the command line gives them. */
export interface BackfillFlags {
  readonly config?: string;
  readonly env?: string;
  readonly pipeline?: string;
  readonly from?: string;
  readonly to?: string;
  readonly interval?: string;
  readonly checkpoint?: string;
  /** Label of the manifest's cache instance to keep the checkpoint in, instead of a file. */
  readonly checkpointCache?: string;
  readonly restart: boolean;
  /** `text` or `json`; anything else is a usage mistake. */
  readonly format: string;
  /** How long chunks in flight may take to finish after a signal, e.g. `10s`. */
  readonly gracePeriod?: string;
  /** `INDEX/COUNT`; without it, `STOCKPOLLER_SHARDS` and the pod ordinal decide. */
  readonly shard?: string;
}

/** Grace period of chunks in flight after the first signal, unless `--grace-period` says. */
export const defaultGracePeriod = '10s';

/** What the flags ask for, checked against the manifest. */
export interface BackfillRequest {
  readonly name: string;
  readonly pipeline: PipelineConfig;
  readonly interval: string;
  readonly from: string;
  readonly to: string;
  readonly format: 'text' | 'json';
  /** Milliseconds chunks in flight get after the first signal before they are given up. */
  readonly graceMs: number;
  /** The part of the symbols this process backfills; undefined when not sharded. */
  readonly shard: Shard | undefined;
}

/** The bar sizes a backfill may ask for. */
export const backfillIntervals = ['1d', '1m', '5m', '15m', '30m', '1h'] as const;

const boundHint =
  'write a date YYYY-MM-DD (a New York trading day) or an instant with a zone (2025-03-10T14:30:00Z)';

/**
 * Checks the flags against the manifest: the pipeline exists, the interval is one a backfill
 * serves, the bounds are dates or instants in order, the format, grace period and shard are
 * valid, and the checkpoint goes to one place a later run can read. Throws SP_ERR_CLI_USAGE
 * with a hint. `env` gives the shard when `--shard` does not.
 */
export function resolveBackfillRequest(
  manifest: Manifest,
  flags: BackfillFlags,
  env: NodeJS.ProcessEnv = {},
): BackfillRequest {
  const name = required(flags.pipeline, '--pipeline', 'name the pipeline whose symbols to fetch');
  const from = required(flags.from, '--from', `give the first day: ${boundHint}`);
  const to = required(flags.to, '--to', `give the last day: ${boundHint}`);

  const pipeline = manifest.pipelines[name];
  if (pipeline === undefined) {
    const declared = Object.keys(manifest.pipelines);
    throw usage(
      `no pipeline is named "${name}" in the manifest`,
      hintForName('pipelines', name, declared) ?? 'declare it under pipelines:',
    );
  }
  const interval = flags.interval ?? pipeline.barInterval;
  if (!(backfillIntervals as readonly string[]).includes(interval)) {
    const source = flags.interval === undefined ? `the barInterval of ${name}` : '--interval';
    throw usage(
      `${source} "${interval}" is not a bar size a backfill serves`,
      `pass --interval with one of ${backfillIntervals.join(', ')}`,
    );
  }
  checkBounds(interval, from, to);
  if (flags.format !== 'text' && flags.format !== 'json') {
    throw usage(`--format "${flags.format}" is not a summary format`, 'pass --format text or json');
  }
  checkCheckpointPlace(manifest, flags);
  const graceMs = parseGracePeriod(flags.gracePeriod ?? defaultGracePeriod);
  const shard = resolveShard(flags.shard, env);
  return { name, pipeline, interval, from, to, format: flags.format, graceMs, shard };
}

/**
 * `--checkpoint` and `--checkpoint-cache` exclude each other, and the cache must be declared
 * and outlive the process: a `memory` cache is emptied when the backfill stops, so a run could
 * never resume from it, which is the one thing a checkpoint is for.
 */
function checkCheckpointPlace(manifest: Manifest, flags: BackfillFlags): void {
  const cache = flags.checkpointCache;
  if (cache === undefined) return;
  if (flags.checkpoint !== undefined) {
    throw usage(
      '--checkpoint and --checkpoint-cache both say where the checkpoint goes',
      'pass one of them: --checkpoint FILE for a file, --checkpoint-cache NAME for a cache',
    );
  }
  const declared = Object.keys(manifest.caches);
  const config = manifest.caches[cache];
  if (config === undefined) {
    throw usage(
      `--checkpoint-cache "${cache}" names no cache of the manifest`,
      declared.length === 0
        ? 'declare a cache under caches: (e.g. one of the redis plugin), or pass --checkpoint FILE'
        : `name one of the declared caches: ${declared.join(', ')}`,
    );
  }
  if (config.use === 'memory') {
    throw usage(
      `--checkpoint-cache "${cache}" is a memory cache, which is emptied when the process ends: no later run could resume from it`,
      'name a cache that outlives the process (one of the redis plugin), or pass --checkpoint FILE on a writable volume',
    );
  }
}

function parseGracePeriod(text: string): number {
  try {
    return parseDuration(text);
  } catch {
    throw usage(
      `--grace-period "${text}" is not a duration`,
      'write a number and a unit: 500ms, 15s, 5m or 1h',
    );
  }
}

/**
 * Checks that the provider instance serves `interval` bars at all. Throws SP_ERR_CLI_USAGE
 * naming the instance and what it does serve.
 */
export function checkProviderServes(
  provider: ProviderInstance,
  label: string,
  plugin: string,
  interval: string,
): void {
  const what = `provider "${label}" (plugin ${plugin})`;
  if (provider.fetchBars === undefined) {
    throw usage(`${what} serves no bars`, 'backfill a pipeline whose provider serves bars');
  }
  const { dailyBars, intradayIntervals } = provider.capabilities;
  const served = interval === '1d' ? dailyBars : intradayIntervals.includes(interval);
  if (!served) {
    const offered = [...(dailyBars ? ['1d'] : []), ...intradayIntervals];
    throw usage(
      `${what} serves no "${interval}" bars`,
      offered.length === 0
        ? 'its plan serves no bars; backfill a pipeline whose provider does'
        : `pass --interval with one of ${offered.join(', ')}`,
    );
  }
}

function checkBounds(interval: string, from: string, to: string): void {
  for (const [flag, value] of [
    ['--from', from],
    ['--to', to],
  ] as const) {
    if (!isWindow(interval, value, value)) {
      throw usage(`${flag} "${value}" is neither a date nor an instant`, boundHint);
    }
  }
  if (!isWindow(interval, from, to)) {
    throw usage(`--from ${from} is after --to ${to}`, 'swap --from and --to');
  }
}

function isWindow(interval: string, from: string, to: string): boolean {
  try {
    parseBarWindow(
      { symbol: 'backfill', interval, from, to },
      { provider: 'backfill', intervals: [interval] },
    );
    return true;
  } catch (error) {
    if (isStockpollerError(error)) return false;
    throw error;
  }
}

function required(value: string | undefined, flag: string, hint: string): string {
  if (value === undefined || value === '') throw usage(`${flag} is required`, hint);
  return value;
}

function usage(message: string, hint: string): StockpollerError {
  return new StockpollerError('SP_ERR_CLI_USAGE', message, hint);
}
