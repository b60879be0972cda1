import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { StockpollerError, describeError, isStockpollerError } from '../errors/index.js';
import type { PluginRegistry } from './registry.js';
import { isPathSpecifier, resolvePackageEntry } from './resolve-module.js';

/**
 * Imports the third-party plugin modules listed under `plugins:` and registers every plugin
 * they export (`default`, `plugin`, or an array under `plugins`). Paths are relative to the
 * manifest's folder; package names are looked up in node_modules from there.
 *
 * @throws StockpollerError SP_ERR_PLUGIN_LOAD when a module cannot be found or imported, and
 *   the SP_ERR_PLUGIN_* codes of {@link PluginRegistry.register} for unusable exports.
 */
export async function loadPluginModules(
  registry: PluginRegistry,
  specifiers: readonly string[],
  manifestDir: string,
): Promise<void> {
  for (const specifier of specifiers) {
    const { entry, source } = locate(specifier, manifestDir);
    const exported = await importModule(entry, source);
    const definitions = definitionsOf(exported, source);

    for (const definition of definitions) registry.register(definition, source);
  }
}

function locate(specifier: string, manifestDir: string): { entry: string; source: string } {
  if (isPathSpecifier(specifier)) {
    return { entry: path.resolve(manifestDir, specifier), source: `path:${specifier}` };
  }
  const entry = resolvePackageEntry(specifier, manifestDir);
  if (entry === undefined) {
    throw new StockpollerError(
      'SP_ERR_PLUGIN_LOAD',
      `plugin package "${specifier}" is not installed (looked in node_modules from ${manifestDir} upwards)`,
      `Run \`npm install ${specifier}\`, or write a path starting with ./ for a local module.`,
    );
  }
  return { entry, source: `package:${specifier}` };
}

async function importModule(entry: string, source: string): Promise<Record<string, unknown>> {
  try {
    return (await import(pathToFileURL(entry).href)) as Record<string, unknown>;
  } catch (error) {
    if (isStockpollerError(error)) throw error;
    const missing = (error as { code?: unknown }).code === 'ERR_MODULE_NOT_FOUND';
    throw new StockpollerError(
      'SP_ERR_PLUGIN_LOAD',
      `plugin module ${source} (${entry}) failed to load: ${describeError(error)}`,
      missing
        ? 'Check the path in `plugins:` (relative to the manifest) and that the module is built.'
        : 'Fix the error in the plugin module, or remove it from `plugins:`.',
      { cause: error },
    );
  }
}

function definitionsOf(exported: Record<string, unknown>, source: string): unknown[] {
  const found: unknown[] = [];
  if (exported.default !== undefined) found.push(...asList(exported.default));
  if (exported.plugin !== undefined) found.push(exported.plugin);
  if (Array.isArray(exported.plugins)) found.push(...(exported.plugins as unknown[]));

  if (found.length === 0) {
    throw new StockpollerError(
      'SP_ERR_PLUGIN_SHAPE',
      `${source} exports no plugin (expected a default export, \`plugin\` or \`plugins\`)`,
      'Export the result of definePlugin(...) as the module default.',
    );
  }
  return found;
}

function asList(value: unknown): unknown[] {
  return Array.isArray(value) ? (value as unknown[]) : [value];
}
