/*
 * Counter-based randomness: every random number is a pure function of a key, so any day or
 * minute of a simulated price path can be computed on its own, in any process, in any order.
 */

const twoPow32 = 4_294_967_296;

/** Scrambles 32 bits (the MurmurHash3 finalizer): nearby inputs give unrelated outputs. */
function scramble(value: number): number {
  let h = value >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A 32-bit key derived from `key` and `part`; different parts give independent keys. */
export function deriveKey(key: number, part: number): number {
  return scramble(Math.imul(key ^ 0x9e3779b9, 0x27d4eb2f) ^ scramble((part | 0) + 0x632be59b));
}

/** Stable 32-bit hash of a text (FNV-1a over UTF-16 code units), the same in every process. */
export function hashText(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  }
  return scramble(h);
}

/** A uniform number in the open interval (0, 1) determined by `key`. */
export function uniformOf(key: number): number {
  return (scramble(key) + 0.5) / twoPow32;
}

/** A standard normal number determined by `key` (Box-Muller over two derived uniforms). */
export function normalOf(key: number): number {
  const radius = Math.sqrt(-2 * Math.log(uniformOf(deriveKey(key, 1))));
  return radius * Math.cos(2 * Math.PI * uniformOf(deriveKey(key, 2)));
}

/** A stream of uniform numbers in (0, 1), fast to draw in order (Mulberry32). */
export type UniformStream = () => number;

/**
 * A sequential stream of uniforms seeded by `key`. For arrays computed as a whole (a session's
 * minutes), this is far cheaper than deriving a key per element.
 */
export function uniformStream(key: number): UniformStream {
  // State lives in a typed array: a captured `let` holding 32-bit values would be boxed
  // (allocated) on every draw, which made building a session several times slower.
  const state = new Int32Array([scramble(key)]);
  return () => {
    const next = ((state[0] ?? 0) + 0x6d2b79f5) | 0;
    state[0] = next;
    let t = Math.imul(next ^ (next >>> 15), next | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) + 0.5) / twoPow32;
  };
}
