import semver from 'semver';
import { StockpollerError } from '../errors/index.js';
import { coreVersion } from '../version.js';
import { pluginKinds, type PluginDefinition, type PluginKind } from './types.js';

/** A registered plugin and where it came from. */
export interface RegisteredPlugin {
  readonly definition: PluginDefinition;
  /** `built-in`, `path:<file>` or `package:<name>`. */
  readonly source: string;
}

const namePattern = /^[a-z][a-z0-9-]{0,62}$/;

/**
 * Every plugin the kernel can instantiate, by kind and name. Registration checks the shape of
 * the definition, its `core` range against this core's version, and name clashes.
 */
export class PluginRegistry {
  private readonly byKey = new Map<string, RegisteredPlugin>();

  /** Registers one definition; throws SP_ERR_PLUGIN_* naming `source` when it is unusable. */
  register(candidate: unknown, source: string): RegisteredPlugin {
    const definition = checkDefinitionShape(candidate, source);
    checkCoreRange(definition, source);

    const key = `${definition.kind}/${definition.name}`;
    const existing = this.byKey.get(key);
    if (existing) {
      throw new StockpollerError(
        'SP_ERR_PLUGIN_NAME_CLASH',
        `${definition.kind} plugin "${definition.name}" from ${source} clashes with the one from ${existing.source}`,
        'Rename one of the plugins, or remove one of them from `plugins:`.',
      );
    }
    const registered = { definition, source };
    this.byKey.set(key, registered);
    return registered;
  }

  /** The plugin of that kind and name, or undefined. */
  get(kind: PluginKind, name: string): RegisteredPlugin | undefined {
    return this.byKey.get(`${kind}/${name}`);
  }

  /** Names registered for a kind, sorted. */
  namesOf(kind: PluginKind): string[] {
    return this.list()
      .filter((p) => p.definition.kind === kind)
      .map((p) => p.definition.name);
  }

  /** Kinds under which `name` is registered (to tell a user they used it in the wrong section). */
  kindsOfName(name: string): PluginKind[] {
    return pluginKinds.filter((kind) => this.byKey.has(`${kind}/${name}`));
  }

  /** Every registered plugin, sorted by kind order then name. */
  list(): RegisteredPlugin[] {
    return [...this.byKey.values()].sort(
      (a, b) =>
        pluginKinds.indexOf(a.definition.kind) - pluginKinds.indexOf(b.definition.kind) ||
        a.definition.name.localeCompare(b.definition.name),
    );
  }
}

function checkDefinitionShape(candidate: unknown, source: string): PluginDefinition {
  const fail = (what: string): never => {
    throw new StockpollerError(
      'SP_ERR_PLUGIN_SHAPE',
      `${source} does not export a valid plugin: ${what}`,
      'Export the result of definePlugin({ kind, name, version, core, optionsSchema, create }) as default.',
    );
  };
  if (typeof candidate !== 'object' || candidate === null) return fail('expected an object');
  const def = candidate as Record<string, unknown>;

  if (!pluginKinds.includes(def.kind as PluginKind)) {
    fail(`kind must be one of ${pluginKinds.join(', ')}, got ${JSON.stringify(def.kind)}`);
  }
  if (typeof def.name !== 'string' || !namePattern.test(def.name)) {
    fail(`name must be lowercase kebab-case, got ${JSON.stringify(def.name)}`);
  }
  if (typeof def.version !== 'string' || semver.valid(def.version) === null) {
    fail(`version must be a semver version, got ${JSON.stringify(def.version)}`);
  }
  if (typeof def.core !== 'string' || semver.validRange(def.core) === null) {
    fail(`core must be a semver range, got ${JSON.stringify(def.core)}`);
  }
  if (typeof def.optionsSchema !== 'object' || def.optionsSchema === null) {
    fail('optionsSchema must be a JSON Schema object');
  }
  if (typeof def.create !== 'function') fail('create must be a function');
  return candidate as PluginDefinition;
}

function checkCoreRange(definition: PluginDefinition, source: string): void {
  if (semver.satisfies(coreVersion, definition.core, { includePrerelease: true })) return;
  throw new StockpollerError(
    'SP_ERR_PLUGIN_CORE_VERSION',
    `${definition.kind} plugin "${definition.name}" from ${source} supports core ${definition.core}, but this is core ${coreVersion}`,
    `Install a version of the plugin that supports stockpoller ${coreVersion}.`,
  );
}
