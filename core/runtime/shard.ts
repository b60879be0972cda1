import type { Logger } from 'pino';
import type { PipelineConfig } from '../config/manifest.js';
import { StockpollerError } from '../errors/index.js';
import { highestWeightShard, shardSeedOf, symbolKeyOf } from './shard-hash.js';

/**
 * Which part of the symbols this process polls: shard `index` of `count`, numbered from 0 so
 * that a StatefulSet pod's ordinal is its index (`stockpoller-0` polls shard 0).
 */
export interface Shard {
  readonly index: number;
  readonly count: number;
}

/** The whole: one process polls every symbol. */
export const wholeShard: Shard = { index: 0, count: 1 };

/** Most shards accepted; assigning a symbol costs one hash per shard. */
export const maxShardCount = 1024;

const usageHint = 'write --shard INDEX/COUNT with 0 <= INDEX < COUNT, e.g. --shard 0/3';

/** Parses `--shard i/n` (0-based i); throws SP_ERR_CLI_USAGE for anything else. */
export function parseShard(text: string): Shard {
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  if (match === null) {
    throw usage(`--shard "${text}" is not of the form INDEX/COUNT`, usageHint);
  }
  return checkedShard(Number(match[1]), Number(match[2]), `--shard ${text}`, usageHint);
}

/**
 * The shard of this process: `--shard` when given, else `STOCKPOLLER_SHARDS` with the index
 * from `STOCKPOLLER_SHARD_INDEX` or, failing that, from the trailing `-<ordinal>` of
 * `HOSTNAME` (a StatefulSet pod's name). Undefined when neither is set: no sharding.
 */
export function resolveShard(flag: string | undefined, env: NodeJS.ProcessEnv): Shard | undefined {
  if (flag !== undefined) return parseShard(flag);

  const count = nonEmpty(env.STOCKPOLLER_SHARDS);
  const index = nonEmpty(env.STOCKPOLLER_SHARD_INDEX);
  if (count === undefined) {
    if (index === undefined) return undefined;
    throw usage(
      'STOCKPOLLER_SHARD_INDEX is set but STOCKPOLLER_SHARDS is not',
      'set STOCKPOLLER_SHARDS to the number of replicas, or unset STOCKPOLLER_SHARD_INDEX',
    );
  }
  const envHint = 'set STOCKPOLLER_SHARDS to the number of replicas (the StatefulSet replicas)';
  if (!/^\d+$/.test(count)) {
    throw usage(`STOCKPOLLER_SHARDS "${count}" is not a whole number`, envHint);
  }
  if (index !== undefined) {
    if (!/^\d+$/.test(index)) {
      throw usage(
        `STOCKPOLLER_SHARD_INDEX "${index}" is not a whole number`,
        'set it to the replica ordinal, counting from 0',
      );
    }
    return checkedShard(Number(index), Number(count), 'STOCKPOLLER_SHARD_INDEX', envHint);
  }
  // One replica is shard 0 whatever its name (a chart's default of 1 on a plain Deployment,
  // whose pod names may end in digits that are no ordinal).
  if (Number(count) === 1) return checkedShard(0, 1, 'one shard', envHint);
  const ordinal = ordinalOf(env.HOSTNAME);
  if (ordinal === undefined) {
    throw usage(
      `STOCKPOLLER_SHARDS is set but no shard index was found (HOSTNAME "${env.HOSTNAME ?? ''}" does not end in -<ordinal>)`,
      'set STOCKPOLLER_SHARD_INDEX, or run as a StatefulSet pod (named <set>-<ordinal>)',
    );
  }
  return checkedShard(ordinal, Number(count), `pod ordinal of ${env.HOSTNAME ?? ''}`, envHint);
}

/** The ordinal at the end of a StatefulSet pod's host name (`stockpoller-2` -> 2). */
export function ordinalOf(hostname: string | undefined): number | undefined {
  const match = /-(\d+)$/.exec(hostname?.trim() ?? '');
  return match === null ? undefined : Number(match[1]);
}

/** `i/n` as people write it. */
export function describeShard(shard: Shard): string {
  return `${shard.index}/${shard.count}`;
}

/**
 * The symbols of `symbols` that fall on `shard`, in their order. Each symbol goes to the shard
 * whose rendezvous weight for it is highest (see shard-hash.ts): every symbol lands on exactly
 * one shard, and going from n to n+1 shards moves only the symbols the new shard wins.
 */
export function symbolsOnShard(symbols: readonly string[], shard: Shard): string[] {
  if (shard.count <= 1) return [...symbols];
  const seeds = Array.from({ length: shard.count }, (_, index) => shardSeedOf(index));
  return symbols.filter((symbol) => highestWeightShard(symbolKeyOf(symbol), seeds) === shard.index);
}

/** The 0-based shard `symbol` falls on among `count`. */
export function shardOfSymbol(symbol: string, count: number): number {
  const seeds = Array.from({ length: Math.max(1, count) }, (_, index) => shardSeedOf(index));
  return highestWeightShard(symbolKeyOf(symbol), seeds);
}

/**
 * The pipelines with their symbols narrowed to `shard`. A pipeline left with none is dropped
 * and said so once at info: it does not poll on this replica.
 */
export function pipelinesOnShard(
  pipelines: readonly (readonly [string, PipelineConfig])[],
  shard: Shard,
  log: Logger,
): [string, PipelineConfig][] {
  if (shard.count <= 1) return pipelines.map(([name, config]) => [name, config]);
  const kept: [string, PipelineConfig][] = [];
  for (const [name, config] of pipelines) {
    const symbols = symbolsOnShard(config.symbols, shard);
    const fields = { pipeline: name, shard: describeShard(shard), of: config.symbols.length };
    if (symbols.length === 0) {
      log.info(fields, 'pipeline has no symbols on this shard, not polling');
      continue;
    }
    log.debug({ ...fields, symbols: symbols.length }, 'pipeline sharded');
    kept.push([name, { ...config, symbols }]);
  }
  return kept;
}

function checkedShard(index: number, count: number, what: string, hint: string): Shard {
  if (count < 1 || count > maxShardCount) {
    throw usage(`${what}: the shard count must be from 1 to ${maxShardCount}, not ${count}`, hint);
  }
  if (index >= count) {
    throw usage(
      `${what}: shard index ${index} is not below the shard count ${count} (indexes start at 0)`,
      `${hint}; with ${count} shards the indexes are 0 to ${count - 1}`,
    );
  }
  return { index, count };
}

function usage(message: string, hint: string): StockpollerError {
  return new StockpollerError('SP_ERR_CLI_USAGE', message, hint);
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}
