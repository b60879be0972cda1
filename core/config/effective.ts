import path from 'node:path';
import { Document, Scalar, YAMLMap, YAMLSeq, type Node } from 'yaml';
import type { PluginRegistry } from '../plugins/registry.js';
import { pluginKinds, type JsonSchema } from '../plugins/types.js';
import { sectionOfKind, type Manifest } from './manifest.js';
import { childPointer, type OriginMap } from './source.js';

const redacted = '[redacted]';

/**
 * Replaces option values that a plugin's schema marks `x-secret: true` with "[redacted]",
 * unless they are still `${secret:...}` references (which hold no secret). Returns a copy.
 */
export function redactManifest(manifest: Manifest, registry: PluginRegistry): Manifest {
  const copy = structuredClone(manifest) as unknown as Record<
    string,
    Record<string, { use: string; options: unknown }>
  >;
  for (const kind of pluginKinds) {
    for (const instance of Object.values(copy[sectionOfKind[kind]] ?? {})) {
      const plugin = registry.get(kind, instance.use);
      if (plugin !== undefined) redactBySchema(instance.options, plugin.definition.optionsSchema);
    }
  }
  return copy as unknown as Manifest;
}

function redactBySchema(value: unknown, schema: JsonSchema): void {
  if (typeof value !== 'object' || value === null) return;
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  const record = value as Record<string, unknown>;
  for (const [key, propertySchema] of Object.entries(properties)) {
    const current = record[key];
    if (current === undefined) continue;
    const isReference = typeof current === 'string' && /^\$\{secret:[^}]+\}$/.test(current);
    if (propertySchema['x-secret'] === true && !isReference) record[key] = redacted;
    else redactBySchema(current, propertySchema);
  }
}

/**
 * Renders the effective configuration as YAML. With `origins`, each value carries a comment
 * naming the file and line it came from, the variables interpolated into it, or `default`.
 */
export function renderEffectiveYaml(
  manifest: Manifest,
  origins: OriginMap | undefined,
  cwd: string,
): string {
  const doc = new Document();
  doc.contents = buildNode(manifest, '', origins, cwd);
  return doc.toString({ lineWidth: 0 });
}

function buildNode(
  value: unknown,
  pointer: string,
  origins: OriginMap | undefined,
  cwd: string,
): Node {
  let node: Node;
  if (Array.isArray(value)) {
    const seq = new YAMLSeq();
    value.forEach((item, index) =>
      seq.items.push(buildNode(item, childPointer(pointer, index), origins, cwd)),
    );
    node = seq;
  } else if (typeof value === 'object' && value !== null) {
    const map = new YAMLMap();
    for (const [key, item] of Object.entries(value)) {
      map.add({
        key: new Scalar(key),
        value: buildNode(item, childPointer(pointer, key), origins, cwd),
      });
    }
    node = map;
  } else {
    node = new Scalar(value);
  }
  const isEmpty = !(node instanceof Scalar) && node.items.length === 0;
  // An empty collection prints inline ([] or {}), so it can carry its origin like a scalar.
  if (isEmpty) (node as YAMLMap | YAMLSeq).flow = true;
  const isLeaf = node instanceof Scalar || isEmpty;
  if (origins !== undefined && isLeaf) node.comment = ` ${describeOrigin(pointer, origins, cwd)}`;
  return node;
}

function describeOrigin(pointer: string, origins: OriginMap, cwd: string): string {
  const origin = origins.get(pointer);
  if (origin === undefined) return 'default';
  const file = path.relative(cwd, origin.file) || origin.file;
  const where = `${file}:${origin.value.line}:${origin.value.column}`;
  const variables = origin.variables ?? [];
  return variables.length === 0
    ? where
    : `${where} via ${variables.map((v) => `$${v}`).join(', ')}`;
}
