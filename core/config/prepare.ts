import path from 'node:path';
import { isStockpollerError, type ConfigProblem } from '../errors/index.js';
import { createBuiltinRegistry } from '../plugins/builtins.js';
import { loadPluginModules } from '../plugins/load-modules.js';
import type { PluginRegistry } from '../plugins/registry.js';
import { ManifestValidators } from '../schema/validators.js';
import { locate } from './ajv-problems.js';
import { loadConfig } from './load.js';
import type { Manifest } from './manifest.js';
import type { LoadedConfig } from './source.js';
import { configurationError, validateManifest } from './validate-manifest.js';

/** Where to find the configuration: the CLI's --config and --env, and the process's view. */
export interface ConfigRequest {
  readonly configPath?: string;
  readonly env?: string;
  readonly cwd: string;
  readonly vars: NodeJS.ProcessEnv;
}

/** A configuration that loaded, whose plugins registered, and that validated. */
export interface PreparedConfig {
  readonly loaded: LoadedConfig;
  readonly manifest: Manifest;
  readonly registry: PluginRegistry;
  readonly validators: ManifestValidators;
}

/**
 * Loads the manifest and overlay, registers built-in and third-party plugins, and validates
 * everything. `STOCKPOLLER_CONFIG` and `STOCKPOLLER_ENV` apply when --config and --env are absent.
 * Throws one StockpollerError whose `problems` list every mistake found.
 */
export async function prepareConfig(request: ConfigRequest): Promise<PreparedConfig> {
  const { loaded, registry } = await loadRegistry(request, { optional: false });
  const validators = new ManifestValidators();
  const manifest = validateManifest(loaded, registry, validators);
  return { loaded, manifest, registry, validators };
}

/** The loaded configuration (when found) and a registry with its third-party plugins. */
export type LoadedRegistry =
  | { readonly loaded: LoadedConfig; readonly registry: PluginRegistry }
  | { readonly loaded: undefined; readonly registry: PluginRegistry };

/**
 * Loads the configuration and registers built-in and third-party plugins, without validating.
 * With `optional`, a missing manifest (when none was named explicitly) yields the built-ins
 * alone: `stockpoller plugins` and `stockpoller schema` work outside a deployment folder.
 */
export async function loadRegistry(
  request: ConfigRequest,
  mode: { readonly optional: true },
): Promise<LoadedRegistry>;
export async function loadRegistry(
  request: ConfigRequest,
  mode: { readonly optional: false },
): Promise<{ loaded: LoadedConfig; registry: PluginRegistry }>;
export async function loadRegistry(
  request: ConfigRequest,
  mode: { readonly optional: boolean },
): Promise<LoadedRegistry> {
  const configPath = request.configPath ?? nonEmpty(request.vars.STOCKPOLLER_CONFIG);
  const registry = createBuiltinRegistry();
  let loaded: LoadedConfig;
  try {
    loaded = await loadConfig({
      configPath,
      env: request.env ?? nonEmpty(request.vars.STOCKPOLLER_ENV),
      cwd: request.cwd,
      vars: request.vars,
    });
  } catch (error) {
    const absent = isStockpollerError(error) && error.code === 'SP_ERR_CONFIG_NOT_FOUND';
    if (mode.optional && absent && configPath === undefined) return { loaded: undefined, registry };
    throw error;
  }
  await registerThirdParty(registry, loaded);
  return { loaded, registry };
}

async function registerThirdParty(registry: PluginRegistry, loaded: LoadedConfig): Promise<void> {
  const list = (loaded.value as { plugins?: unknown } | null)?.plugins;
  if (!Array.isArray(list)) return;

  const problems: ConfigProblem[] = [];
  const manifestDir = path.dirname(loaded.manifestFile);
  for (const [index, specifier] of list.entries()) {
    if (typeof specifier !== 'string' || specifier === '') continue;
    try {
      await loadPluginModules(registry, [specifier], manifestDir);
    } catch (error) {
      if (!isStockpollerError(error)) throw error;
      problems.push(
        locate(loaded.origins, `/plugins/${index}`, error.code, error.message, error.hint, false),
      );
    }
  }
  if (problems.length > 0) throw configurationError(problems);
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}
