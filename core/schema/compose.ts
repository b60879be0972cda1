import { sectionOfKind } from '../config/manifest.js';
import type { PluginRegistry } from '../plugins/registry.js';
import { pluginKinds, type JsonSchema } from '../plugins/types.js';
import { readManifestSchema } from './validators.js';

/**
 * The manifest schema with each instance section narrowed to the plugins of its kind: `use`
 * becomes an enum of their names and `options` follows the chosen plugin's own schema. This
 * is what `stockpoller schema` prints for editors; the kernel validates in two steps instead
 * (manifest, then each instance's options) to report cleaner errors.
 */
export function composeManifestSchema(registry: PluginRegistry): JsonSchema {
  const schema = structuredClone(readManifestSchema());
  const properties = schema.properties as Record<string, JsonSchema>;
  const defs = schema.$defs as Record<string, JsonSchema>;

  for (const kind of pluginKinds) {
    const plugins = registry.list().filter((p) => p.definition.kind === kind);
    const defName = `${kind}PluginInstance`;
    const base =
      kind === 'transport'
        ? '#/$defs/transportInstance'
        : kind === 'provider'
          ? '#/$defs/providerInstance'
          : '#/$defs/instance';
    const branches = plugins.map(({ definition }) => ({
      if: { properties: { use: { const: definition.name } }, required: ['use'] },
      then: { properties: { options: structuredClone(definition.optionsSchema) } },
    }));
    defs[defName] = {
      allOf: [
        { $ref: base },
        ...(plugins.length === 0
          ? []
          : [{ properties: { use: { enum: plugins.map((p) => p.definition.name) } } }]),
        ...branches,
      ],
    };

    const section = properties[sectionOfKind[kind]];
    if (section === undefined) continue;
    const described = { ...section };
    delete described.$ref;
    properties[sectionOfKind[kind]] = {
      ...described,
      type: 'object',
      propertyNames: { $ref: '#/$defs/name' },
      additionalProperties: { $ref: `#/$defs/${defName}` },
    };
  }
  return schema;
}
