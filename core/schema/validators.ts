import { readFileSync } from 'node:fs';
import type { ValidateFunction } from 'ajv';
import type { Ajv2020 } from 'ajv/dist/2020.js';
import { StockpollerError, describeError } from '../errors/index.js';
import type { RegisteredPlugin } from '../plugins/registry.js';
import type { JsonSchema } from '../plugins/types.js';
import { createAjv } from './ajv.js';
import { loadPrecompiled, manifestFlavour, manifestKey, optionsKey } from './precompiled.js';

// Compiled code runs from dist/core/schema/, three levels below the package root.
const manifestSchemaUrl = new URL('../../../schemas/manifest.schema.json', import.meta.url);

let manifestSchemaCache: JsonSchema | undefined;

/** The manifest schema of `schemas/manifest.schema.json`, read once. */
export function readManifestSchema(): JsonSchema {
  manifestSchemaCache ??= JSON.parse(readFileSync(manifestSchemaUrl, 'utf8')) as JsonSchema;
  return manifestSchemaCache;
}

/**
 * Compiles and caches the validators of manifests: the manifest schema and each plugin's
 * options schema. Manifest validators coerce types ("15" to 15) and fill in defaults. The
 * build precompiles the manifest and built-in plugin validators; only third-party plugins
 * (or a stale build) make this compile with ajv at run time.
 */
export class ManifestValidators {
  private ajv: Ajv2020 | undefined;
  private manifestValidator: ValidateFunction | undefined;
  private readonly optionValidators = new WeakMap<RegisteredPlugin, ValidateFunction>();

  /** @param usePrecompiled false forces compiling every schema (for tests of that path). */
  constructor(private readonly usePrecompiled = true) {}

  /** Validator of the manifest itself (plugin options are checked as plain objects). */
  manifest(): ValidateFunction {
    const schema = readManifestSchema();
    this.manifestValidator ??=
      this.precompiled(manifestKey, schema) ?? this.compiler().compile(schema);
    return this.manifestValidator;
  }

  /** Validator of one plugin's options; SP_ERR_PLUGIN_SHAPE when its schema does not compile. */
  options(plugin: RegisteredPlugin): ValidateFunction {
    let validator = this.optionValidators.get(plugin);
    if (validator !== undefined) return validator;

    const { kind, name, optionsSchema } = plugin.definition;
    if (plugin.source === 'built-in')
      validator = this.precompiled(optionsKey(kind, name), optionsSchema);
    try {
      validator ??= this.compiler().compile(optionsSchema);
    } catch (error) {
      throw new StockpollerError(
        'SP_ERR_PLUGIN_SHAPE',
        `${kind} plugin "${name}" from ${plugin.source} has an invalid options schema: ${describeError(error)}`,
        'Fix optionsSchema: it must be a strict JSON Schema 2020-12 object.',
        { cause: error },
      );
    }
    this.optionValidators.set(plugin, validator);
    return validator;
  }

  private precompiled(key: string, schema: JsonSchema): ValidateFunction | undefined {
    return this.usePrecompiled ? loadPrecompiled(key, schema) : undefined;
  }

  private compiler(): Ajv2020 {
    this.ajv ??= createAjv(manifestFlavour);
    return this.ajv;
  }
}
