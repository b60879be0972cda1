import type { ConfigProblem } from '../errors/index.js';
import { locate } from './ajv-problems.js';
import { hintForName } from './hints.js';
import type { Manifest } from './manifest.js';
import { childPointer, type LoadedConfig } from './source.js';

/**
 * Checks what the schema cannot: that pipelines and providers' `cache:` name declared
 * instances, and that secret references have a secret store to resolve them (and do not sit
 * inside a secret store, which starts before any secret can be read).
 */
export function checkReferences(manifest: Manifest, loaded: LoadedConfig): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const reference = (pointer: string, what: string, name: string, declared: string[]): void => {
    if (declared.includes(name)) return;
    const hint = hintForName(`${what}s`, name, declared) ?? `declare it under ${what}s:`;
    const message = `no ${what} is named "${name}"`;
    problems.push(
      locate(loaded.origins, pointer, 'SP_ERR_CONFIG_BAD_REFERENCE', message, hint, false),
    );
  };

  const providers = Object.keys(manifest.providers);
  const transports = Object.keys(manifest.transports);
  for (const [name, pipeline] of Object.entries(manifest.pipelines)) {
    const pointer = childPointer('/pipelines', name);
    reference(childPointer(pointer, 'provider'), 'provider', pipeline.provider, providers);
    pipeline.transports.forEach((transport, index) => {
      const at = childPointer(childPointer(pointer, 'transports'), index);
      reference(at, 'transport', transport, transports);
    });
  }

  const caches = Object.keys(manifest.caches);
  for (const [label, provider] of Object.entries(manifest.providers)) {
    if (provider.cache === undefined) continue;
    const pointer = childPointer(childPointer('/providers', label), 'cache');
    reference(pointer, 'cache', provider.cache, caches);
  }

  const hasStores = Object.keys(manifest.secretStores).length > 0;
  for (const ref of loaded.secretRefs) {
    if (ref.pointer.startsWith('/secretStores/')) {
      const message = `secret stores cannot use secret references (\${secret:${ref.path}})`;
      const hint = 'give the secret store its credentials through ${VAR} environment variables';
      problems.push(
        locate(loaded.origins, ref.pointer, 'SP_ERR_CONFIG_SECRET_REF', message, hint, false),
      );
    } else if (!hasStores) {
      const message = `\${secret:${ref.path}} needs a secret store, and none is declared`;
      const hint = 'declare one under secretStores:, e.g. env: { use: env }';
      problems.push(
        locate(loaded.origins, ref.pointer, 'SP_ERR_CONFIG_SECRET_REF', message, hint, false),
      );
    }
  }
  return problems;
}
