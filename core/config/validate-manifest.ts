import type { ConfigProblem, StockpollerError } from '../errors/index.js';
import type { PluginRegistry } from '../plugins/registry.js';
import { pluginKinds, type PluginKind } from '../plugins/types.js';
import type { ManifestValidators } from '../schema/validators.js';
import { locate, problemsFromAjv } from './ajv-problems.js';
import { checkPipelines } from './check-pipelines.js';
import { checkReferences } from './check-references.js';
import { createProblemsError, sortProblems } from './problems.js';
import { hintForName } from './hints.js';
import { sectionOfKind, type Manifest } from './manifest.js';
import { childPointer, type LoadedConfig } from './source.js';

/**
 * Validates a loaded configuration against the manifest schema and each plugin's options
 * schema, then checks the references between sections. Returns the manifest with defaults
 * applied and types coerced; throws one StockpollerError listing every problem otherwise.
 */
export function validateManifest(
  loaded: LoadedConfig,
  registry: PluginRegistry,
  validators: ManifestValidators,
): Manifest {
  // ajv coerces and fills defaults in place: work on a copy so the loaded value stays as written.
  const data = structuredClone(loaded.value);
  const validateRoot = validators.manifest();
  const problems: ConfigProblem[] = [];

  if (!validateRoot(data)) {
    problems.push(...problemsFromAjv(validateRoot.errors ?? [], loaded.origins));
  }
  if (typeof data === 'object' && data !== null && !Array.isArray(data)) {
    const manifest = data as Record<string, unknown>;
    for (const kind of pluginKinds) {
      problems.push(...validateInstances(manifest, kind, loaded, registry, validators));
    }
    if (problems.length === 0) problems.push(...checkSemantics(data as Manifest, loaded));
  }

  const relevant = withoutSecretValues(problems, loaded);
  if (relevant.length === 0 && problems.length > 0) {
    relevant.push(...checkSemantics(data as Manifest, loaded));
  }
  if (relevant.length > 0) throw configurationError(relevant);
  return data as Manifest;
}

/** The checks that need a manifest the schema accepted: references, schedules, symbols. */
function checkSemantics(manifest: Manifest, loaded: LoadedConfig): ConfigProblem[] {
  return [...checkReferences(manifest, loaded), ...checkPipelines(manifest.pipelines, loaded)];
}

/**
 * Drops schema problems of values that hold a `${secret:...}` reference: the reference text
 * cannot match the value's pattern or enum, and the kernel validates again once the secret is
 * resolved, before the plugin sees it.
 */
function withoutSecretValues(problems: ConfigProblem[], loaded: LoadedConfig): ConfigProblem[] {
  const secretPointers = new Set(loaded.secretRefs.map((ref) => ref.pointer));
  return problems.filter((problem) => !secretPointers.has(problem.pointer));
}

function validateInstances(
  manifest: Record<string, unknown>,
  kind: PluginKind,
  loaded: LoadedConfig,
  registry: PluginRegistry,
  validators: ManifestValidators,
): ConfigProblem[] {
  const section = sectionOfKind[kind];
  const instances = manifest[section];
  if (typeof instances !== 'object' || instances === null) return [];

  const problems: ConfigProblem[] = [];
  for (const [label, instance] of Object.entries(instances as Record<string, unknown>)) {
    if (typeof instance !== 'object' || instance === null) continue;
    const { use, options } = instance as { use?: unknown; options?: unknown };
    if (typeof use !== 'string') continue;

    const pointer = childPointer(childPointer('', section), label);
    const plugin = registry.get(kind, use);
    if (plugin === undefined) {
      problems.push(unknownPlugin(kind, use, childPointer(pointer, 'use'), loaded, registry));
      continue;
    }
    const validate = validators.options(plugin);
    if (typeof options === 'object' && options !== null && !validate(options)) {
      const prefix = childPointer(pointer, 'options');
      problems.push(...problemsFromAjv(validate.errors ?? [], loaded.origins, prefix));
    }
  }
  return problems;
}

function unknownPlugin(
  kind: PluginKind,
  use: string,
  pointer: string,
  loaded: LoadedConfig,
  registry: PluginRegistry,
): ConfigProblem {
  const elsewhere = registry.kindsOfName(use);
  const hint =
    elsewhere.length > 0
      ? `"${use}" is a ${elsewhere.join('/')} plugin: declare it under ${sectionsOf(elsewhere)}`
      : (hintForName(`${kind} plugins`, use, registry.namesOf(kind)) ??
        'list third-party plugin modules under `plugins:`');
  const message = `no ${kind} plugin is named "${use}"`;
  return locate(loaded.origins, pointer, 'SP_ERR_CONFIG_UNKNOWN_PLUGIN', message, hint, false);
}

function sectionsOf(kinds: readonly PluginKind[]): string {
  return kinds.map((kind) => sectionOfKind[kind]).join(' or ');
}

/** One StockpollerError carrying every problem, in file and position order. */
export function configurationError(problems: readonly ConfigProblem[]): StockpollerError {
  return createProblemsError('configuration', sortProblems(problems));
}
