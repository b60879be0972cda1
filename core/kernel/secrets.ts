import type { SecretRef } from '../config/source.js';
import { splitPointer } from '../config/source.js';

/**
 * Returns a copy of an instance's options with every `${secret:<path>}` reference recorded
 * under `prefix` replaced by its value. References are taken from the loader's list, not
 * re-scanned, so an escaped `$${secret:...}` stays literal text.
 */
export async function resolveSecretsIn(
  options: Record<string, unknown>,
  prefix: string,
  refs: readonly SecretRef[],
  lookup: (path: string) => Promise<string>,
): Promise<Record<string, unknown>> {
  const mine = refs.filter((ref) => ref.pointer.startsWith(`${prefix}/`));
  if (mine.length === 0) return options;

  const copy = structuredClone(options);
  for (const ref of mine) {
    const segments = splitPointer(ref.pointer.slice(prefix.length));
    const last = segments.pop();
    let holder: unknown = copy;
    for (const segment of segments)
      holder = (holder as Record<string, unknown> | undefined)?.[segment];
    if (last === undefined || typeof holder !== 'object' || holder === null) continue;

    const record = holder as Record<string, unknown>;
    const current = record[last];
    if (typeof current !== 'string') continue;
    const value = await lookup(ref.path);
    record[last] = current.split(`\${secret:${ref.path}}`).join(value);
  }
  return copy;
}
