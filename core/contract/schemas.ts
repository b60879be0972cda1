import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { StockpollerError, describeError } from '../errors/index.js';
import { schemasDir } from '../paths.js';
import type { JsonSchema } from '../plugins/types.js';
import type { RecordSchemaName } from './types.js';

/** The `$id` of each JSON Schema of the data contract, by file. */
export const contractSchemaIds = {
  quote: 'https://stockpoller.dev/schemas/quote.v1.schema.json',
  bar: 'https://stockpoller.dev/schemas/bar.v1.schema.json',
  heartbeat: 'https://stockpoller.dev/schemas/heartbeat.v1.schema.json',
  envelope: 'https://stockpoller.dev/schemas/envelope.v1.schema.json',
} as const;

/** One of the contract schemas. */
export type ContractSchemaKey = keyof typeof contractSchemaIds;

/** The contract schema key of each record schema name. */
export const schemaKeyOfRecord = {
  'stockpoller.quote': 'quote',
  'stockpoller.bar': 'bar',
  'stockpoller.heartbeat': 'heartbeat',
} as const satisfies Record<RecordSchemaName, ContractSchemaKey>;

const fileOfKey: Record<ContractSchemaKey, string> = {
  quote: 'quote.v1.schema.json',
  bar: 'bar.v1.schema.json',
  heartbeat: 'heartbeat.v1.schema.json',
  envelope: 'envelope.v1.schema.json',
};

const loaded = new Map<ContractSchemaKey, JsonSchema>();

/**
 * The contract schema `key` as shipped in `schemas/`, read on first use and kept. Throws
 * SP_ERR_INTERNAL when the file is missing or is not the schema it should be, since that means
 * a broken installation rather than a user mistake.
 */
export function readContractSchema(key: ContractSchemaKey): JsonSchema {
  const cached = loaded.get(key);
  if (cached) return cached;

  const file = join(schemasDir, fileOfKey[key]);
  let schema: JsonSchema;
  try {
    schema = JSON.parse(readFileSync(file, 'utf8')) as JsonSchema;
  } catch (error) {
    throw new StockpollerError(
      'SP_ERR_INTERNAL',
      `could not read the data-contract schema ${file}: ${describeError(error)}`,
      'Reinstall stockpoller; its schemas/ folder is incomplete.',
      { cause: error },
    );
  }
  if (schema.$id !== contractSchemaIds[key]) {
    throw new StockpollerError(
      'SP_ERR_INTERNAL',
      `${file} has $id ${JSON.stringify(schema.$id)}, expected ${contractSchemaIds[key]}`,
      'Reinstall stockpoller; its schemas/ folder does not match its code.',
    );
  }
  loaded.set(key, schema);
  return schema;
}

/** Every contract schema, records first so that the envelope's `$ref`s resolve. */
export function readContractSchemas(): JsonSchema[] {
  return [
    readContractSchema('quote'),
    readContractSchema('bar'),
    readContractSchema('heartbeat'),
    readContractSchema('envelope'),
  ];
}
