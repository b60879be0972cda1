import { childPointer, type OriginMap } from './source.js';

/** A JSON object: not null, not an array. */
export type PlainRecord = Record<string, unknown>;

/** True for a JSON object (a YAML mapping), false for arrays, null and scalars. */
export function isPlainRecord(value: unknown): value is PlainRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Sets an own enumerable property. Plain assignment would treat a `__proto__` key from a
 * manifest as a prototype change instead of data.
 */
export function setOwnValue(target: PlainRecord, key: string, value: unknown): void {
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}

/** Options of {@link copyWithOrigins}. */
export interface CopyOptions {
  /** Leave out every mapping entry whose value is null ("unset"), at any depth. */
  readonly dropNullEntries: boolean;
}

/**
 * Deep-copies `value` found at `pointer` and copies the origin of every pointer of the copy
 * from `from` into `to`. Dropped entries leave no origin behind.
 */
export function copyWithOrigins(
  value: unknown,
  pointer: string,
  from: OriginMap,
  to: OriginMap,
  options: CopyOptions,
): unknown {
  const origin = from.get(pointer);
  if (origin !== undefined) to.set(pointer, origin);

  if (Array.isArray(value)) {
    return value.map((item, index) =>
      copyWithOrigins(item, childPointer(pointer, index), from, to, options),
    );
  }
  if (!isPlainRecord(value)) return value;

  const copy: PlainRecord = {};
  for (const [key, child] of Object.entries(value)) {
    if (child === null && options.dropNullEntries) continue;
    setOwnValue(copy, key, copyWithOrigins(child, childPointer(pointer, key), from, to, options));
  }
  return copy;
}
