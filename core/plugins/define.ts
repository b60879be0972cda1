import type { PluginDefinition, PluginKind } from './types.js';

/**
 * Declares a plugin. The returned object is what a plugin module exports as `default`
 * (or as `plugin`); the kernel checks its shape, its `core` range and its options schema
 * when it loads the module.
 *
 * @example
 * export default definePlugin<'transport', { path: string }>({
 *   kind: 'transport', name: 'my-sink', version: '1.0.0', core: '^0.1.0',
 *   optionsSchema: { type: 'object', properties: { path: { type: 'string' } } },
 *   create(ctx, options) { return { async publish(envs) { ... } }; },
 * });
 */
export function definePlugin<K extends PluginKind, O = Record<string, unknown>>(
  definition: PluginDefinition<K, O>,
): PluginDefinition<K, O> {
  return Object.freeze({ ...definition });
}
