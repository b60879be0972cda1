import { Ajv2020 } from 'ajv/dist/2020.js';
import formatsModule from 'ajv-formats';

// ajv-formats is CommonJS; under NodeNext its default export arrives wrapped.
const addFormats = formatsModule.default;

/** Options for {@link createAjv}. */
export interface AjvFlavour {
  /** Coerce strings to the type the schema asks ("15" to 15): for manifests, not records. */
  readonly coerceTypes: boolean;
  /** Fill in `default` values. */
  readonly useDefaults: boolean;
  /** Keep the schema and data in each error, for hints (slower; manifests only). */
  readonly verbose?: boolean;
}

/** A JSON Schema 2020-12 validator with every error, strict schemas and the standard formats. */
export function createAjv(flavour: AjvFlavour): Ajv2020 {
  const ajv = new Ajv2020({
    allErrors: true,
    strict: true,
    strictRequired: false,
    allowUnionTypes: true,
    coerceTypes: flavour.coerceTypes,
    useDefaults: flavour.useDefaults,
    verbose: flavour.verbose ?? false,
    // Checking each schema against the draft 2020-12 meta-schema costs ~60 ms per instance at
    // startup; strict mode still rejects unknown keywords and malformed keyword values.
    validateSchema: false,
  });
  addFormats(ajv);
  // Annotations stockpoller reads itself; ajv only has to accept them.
  ajv.addKeyword({ keyword: 'x-secret', schemaType: 'boolean' });
  return ajv;
}
