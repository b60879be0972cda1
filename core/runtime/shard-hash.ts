/**
 * The rendezvous weight of a symbol on a shard. Which replica polls which symbol follows from
 * these few lines alone, so they must give the same answer on every Node version and platform
 * and must never change: a different weight would move symbols between running replicas.
 *
 * Definition (version 1): over the UTF-16 code units `c` of the symbol, two 32-bit lanes
 *   a = FNV-1a:  a0 = 0x811c9dc5, a = (a ^ c) * 0x01000193
 *   b = MurmurHash2-style: b0 = 0x9747b28c, b = (b ^ c) * 0x5bd1e995, b ^= b >>> 15
 * then, for shard `i`, the 64-bit weight hi:lo with
 *   hi = fmix32(a ^ fmix32(i ^ 0x51ed270b)), lo = fmix32(b ^ fmix32(i ^ 0x2f9be6cc))
 * where fmix32 is MurmurHash3's finalizer. Every step is 32-bit integer arithmetic
 * (`Math.imul`, `^`, `>>>`) that ECMAScript defines exactly, on code units that do not depend
 * on the platform's byte order or locale. A test pins known assignments.
 */

/** A symbol's two 32-bit lanes, hashed once and then mixed with each shard's index. */
export interface SymbolKey {
  readonly a: number;
  readonly b: number;
}

/** The two lanes of `symbol` (see the module comment for the definition). */
export function symbolKeyOf(symbol: string): SymbolKey {
  let a = 0x811c9dc5;
  let b = 0x9747b28c;
  for (let i = 0; i < symbol.length; i += 1) {
    const unit = symbol.charCodeAt(i);
    a = Math.imul(a ^ unit, 0x01000193);
    b = Math.imul(b ^ unit, 0x5bd1e995);
    b ^= b >>> 15;
  }
  return { a: a >>> 0, b: b >>> 0 };
}

/** MurmurHash3's 32-bit finalizer: every input bit flips each output bit about half the time. */
export function fmix32(value: number): number {
  let x = value >>> 0;
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x >>> 0;
}

/** The shard-specific seeds of both lanes, computed once per shard index. */
export interface ShardSeed {
  readonly a: number;
  readonly b: number;
}

/** The seeds of shard `index`. */
export function shardSeedOf(index: number): ShardSeed {
  return { a: fmix32(index ^ 0x51ed270b), b: fmix32(index ^ 0x2f9be6cc) };
}

/**
 * The index (0-based) of the shard with the highest weight for `key` among `seeds`; the lower
 * index wins the (2^-64) tie, so the answer is total and deterministic.
 */
export function highestWeightShard(key: SymbolKey, seeds: readonly ShardSeed[]): number {
  let best = 0;
  let bestHigh = -1;
  let bestLow = -1;
  for (let index = 0; index < seeds.length; index += 1) {
    const seed = seeds[index] as ShardSeed;
    const high = fmix32(key.a ^ seed.a);
    if (high < bestHigh) continue;
    const low = fmix32(key.b ^ seed.b);
    if (high > bestHigh || low > bestLow) {
      best = index;
      bestHigh = high;
      bestLow = low;
    }
  }
  return best;
}

/** The 64-bit weight of `symbol` on shard `index`, as a bigint: for tests and tooling. */
export function shardWeight(index: number, symbol: string): bigint {
  const key = symbolKeyOf(symbol);
  const seed = shardSeedOf(index);
  return (BigInt(fmix32(key.a ^ seed.a)) << 32n) | BigInt(fmix32(key.b ^ seed.b));
}
