import cacheMemory from '../../plugins/cache-memory/index.js';
import providerSimulated from '../../plugins/provider-simulated/index.js';
import secretStoreEnv from '../../plugins/secret-store-env/index.js';
import transportStdout from '../../plugins/transport-stdout/index.js';
import { PluginRegistry } from './registry.js';

/**
 * The plugins that ship with stockpoller. Their modules are light (schemas and factories);
 * heavy SDKs are imported inside `create()`, so validating a manifest never loads them.
 */
const builtinPlugins: readonly unknown[] = [
  secretStoreEnv,
  cacheMemory,
  transportStdout,
  providerSimulated,
];

/** A registry holding every built-in plugin. */
export function createBuiltinRegistry(): PluginRegistry {
  const registry = new PluginRegistry();
  for (const plugin of builtinPlugins) registry.register(plugin, 'built-in');
  return registry;
}
