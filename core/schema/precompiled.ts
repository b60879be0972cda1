import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { ValidateFunction } from 'ajv';
import type { PluginKind } from '../plugins/types.js';
import type { AjvFlavour } from './ajv.js';

/** Where `npm run build` writes standalone validators (see generate-validators.ts). */
export const generatedDir = fileURLToPath(new URL('./generated/', import.meta.url));

/** The flavour every manifest validator uses: coerce, fill defaults, keep data for hints. */
export const manifestFlavour: AjvFlavour = { coerceTypes: true, useDefaults: true, verbose: true };

/** Name of the precompiled validator of the manifest itself. */
export const manifestKey = 'manifest';

/** Name of the precompiled options validator of a built-in plugin. */
export function optionsKey(kind: PluginKind, name: string): string {
  return `options-${kind}-${name}`;
}

/** Fingerprint of a schema, so that a validator built from an older schema is never used. */
export function schemaDigest(schema: unknown): string {
  return createHash('sha256').update(JSON.stringify(schema)).digest('hex').slice(0, 32);
}

const requireGenerated = createRequire(import.meta.url);
let digests: Record<string, string> | null | undefined;

/**
 * The precompiled validator for `key`, when the build produced one from this very schema;
 * undefined otherwise (the caller then compiles the schema itself).
 */
export function loadPrecompiled(key: string, schema: unknown): ValidateFunction | undefined {
  digests ??= readDigests();
  if (digests?.[key] !== schemaDigest(schema)) return undefined;
  return requireGenerated(`${generatedDir}${key}.cjs`) as ValidateFunction;
}

function readDigests(): Record<string, string> | null {
  const file = `${generatedDir}digests.json`;
  if (!existsSync(file)) return null;
  return JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
}
