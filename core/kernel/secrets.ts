import { resolveSecretRefs } from '../config/interpolate.js';
import type { SecretRef } from '../config/source.js';

/**
 * Returns a copy of an instance's options with every `${secret:<path>}` reference recorded
 * under `prefix` (the options' pointer in the manifest) replaced by its value. References
 * come from the loader's list, so an escaped `$${secret:...}` stays literal text.
 */
export async function resolveSecretsIn(
  options: Record<string, unknown>,
  prefix: string,
  refs: readonly SecretRef[],
  lookup: (path: string) => Promise<string>,
): Promise<Record<string, unknown>> {
  const mine = refs
    .filter((ref) => ref.pointer.startsWith(`${prefix}/`))
    .map((ref) => ({ path: ref.path, pointer: ref.pointer.slice(prefix.length) }));
  if (mine.length === 0) return options;

  return (await resolveSecretRefs(options, mine, lookup)) as Record<string, unknown>;
}
