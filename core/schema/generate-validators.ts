import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Ajv2020 } from 'ajv/dist/2020.js';
import type { ValidateFunction } from 'ajv';
import { createBuiltinRegistry } from '../plugins/builtins.js';
import { createAjv } from './ajv.js';
import {
  generatedDir,
  manifestFlavour,
  manifestKey,
  optionsKey,
  schemaDigest,
} from './precompiled.js';
import { readManifestSchema } from './validators.js';

/**
 * Build step (`npm run build`): compiles the manifest schema and the options schemas of the
 * built-in plugins once, and writes each as a standalone CommonJS module plus a digest of the
 * schema it came from. Startup then loads these instead of compiling with ajv.
 */
export function generateValidators(outDir: string = generatedDir): string[] {
  const standalone = createRequire(import.meta.url)('ajv/dist/standalone/index.js') as {
    default: (ajv: Ajv2020, validate: ValidateFunction) => string;
  };
  const standaloneCode = standalone.default;
  const schemas: [string, Record<string, unknown>][] = [[manifestKey, readManifestSchema()]];
  for (const { definition } of createBuiltinRegistry().list()) {
    schemas.push([optionsKey(definition.kind, definition.name), definition.optionsSchema]);
  }

  mkdirSync(outDir, { recursive: true });
  const digests: Record<string, string> = {};
  for (const [key, schema] of schemas) {
    // One ajv per schema keeps each module self-contained (no shared refs between files).
    const ajv: Ajv2020 = createAjv({ ...manifestFlavour, keepSource: true });
    const code = standaloneCode(ajv, ajv.compile(schema));
    writeFileSync(path.join(outDir, `${key}.cjs`), code);
    digests[key] = schemaDigest(schema);
  }
  writeFileSync(path.join(outDir, 'digests.json'), `${JSON.stringify(digests, null, 2)}\n`);
  return Object.keys(digests);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const written = generateValidators();
  console.log(`generated ${String(written.length)} validators in ${generatedDir}`);
}
