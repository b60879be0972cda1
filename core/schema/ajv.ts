import { createRequire } from 'node:module';
import type { Ajv2020, Options } from 'ajv/dist/2020.js';
import type formatsModule from 'ajv-formats';

// ajv is loaded on first use, not at import: `validate-config` on a manifest of built-in
// plugins runs only precompiled validators and never pays for ajv's compiler (~70 ms).
const requireFromHere = createRequire(import.meta.url);

/** Options for {@link createAjv}. */
export interface AjvFlavour {
  /** Coerce strings to the type the schema asks ("15" to 15): for manifests, not records. */
  readonly coerceTypes: boolean;
  /** Fill in `default` values. */
  readonly useDefaults: boolean;
  /** Keep the schema and data in each error, for hints (slower; manifests only). */
  readonly verbose?: boolean;
  /** Keep the generated source, so that it can be written out as a standalone module. */
  readonly keepSource?: boolean;
  /**
   * Report every error (manifests: the user fixes all at once) or stop at the first (hot-path
   * checks of records and response bodies, where one reason is enough). Default true.
   */
  readonly allErrors?: boolean;
}

/** The ajv options of a flavour; the validator generator and the runtime must agree on them. */
export function ajvOptionsOf(flavour: AjvFlavour): Options {
  return {
    allErrors: flavour.allErrors ?? true,
    strict: true,
    strictRequired: false,
    allowUnionTypes: true,
    coerceTypes: flavour.coerceTypes,
    useDefaults: flavour.useDefaults,
    verbose: flavour.verbose ?? false,
    // Checking each schema against the draft 2020-12 meta-schema costs ~60 ms per instance at
    // startup; strict mode still rejects unknown keywords and malformed keyword values.
    validateSchema: false,
    code: { source: flavour.keepSource ?? false },
  };
}

/** A JSON Schema 2020-12 validator with every error, strict schemas and the standard formats. */
export function createAjv(flavour: AjvFlavour): Ajv2020 {
  const { Ajv2020: AjvClass } = requireFromHere('ajv/dist/2020.js') as {
    Ajv2020: new (options: Options) => Ajv2020;
  };
  const addFormats = (requireFromHere('ajv-formats') as typeof formatsModule).default;
  const ajv = new AjvClass(ajvOptionsOf(flavour));
  addFormats(ajv);
  // Annotations stockpoller reads itself; ajv only has to accept them.
  ajv.addKeyword({ keyword: 'x-secret', schemaType: 'boolean' });
  return ajv;
}
