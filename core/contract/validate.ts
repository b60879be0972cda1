import type { ErrorObject, ValidateFunction } from 'ajv';
import { StockpollerError } from '../errors/index.js';
import { createAjv } from '../schema/ajv.js';
import { contractSchemaIds, readContractSchemas, schemaKeyOfRecord } from './schemas.js';
import type { RecordSchemaName } from './types.js';

/** Outcome of a contract check: valid, or every problem found as a short readable line. */
export type ValidationResult =
  { readonly valid: true } | { readonly valid: false; readonly problems: readonly string[] };

interface ContractValidators {
  readonly quote: ValidateFunction;
  readonly bar: ValidateFunction;
  readonly heartbeat: ValidateFunction;
  readonly envelope: ValidateFunction;
}

const valid: ValidationResult = Object.freeze({ valid: true });
// Every record goes through the fast set (stops at the first error); only a record that fails
// goes through the thorough set, to name all its problems.
let fast: ContractValidators | undefined;
let thorough: ContractValidators | undefined;

// Readable wording for the patterns of the contract, by field, instead of raw expressions.
const patternWording: Readonly<Record<string, string>> = {
  timestamp: 'must be an ISO-8601 UTC instant like 2026-01-02T15:04:05.000Z',
  fetchedAt: 'must be an ISO-8601 UTC instant like 2026-01-02T15:04:05.000Z',
  nextOpen: 'must be an ISO-8601 UTC instant like 2026-01-02T15:04:05.000Z',
  date: 'must be a date YYYY-MM-DD',
  symbol: 'must be an upper-case ticker',
  provider: 'must be a lowercase kebab-case plugin name',
  interval: 'must be a bar interval like 1m, 1h or 1d',
  currency: 'must be a three-letter ISO 4217 code',
  id: 'must be 32 lowercase hex digits',
  pipeline: 'must be a pipeline name (letters, digits, - and _)',
};

/**
 * Checks a quote, bar or heartbeat against the data contract: its JSON Schema, then what a
 * schema cannot say (a bar's high is at least its open and close and its low at most; a quote's
 * high is at least its low). Runs on every record, so the schemas compile once, on first use.
 */
export function validateRecord(schema: RecordSchemaName, record: unknown): ValidationResult {
  const key = schemaKeyOfRecord[schema];
  if (!fastValidators()[key](record)) {
    const validator = thoroughValidators()[key];
    validator(record);
    return invalid(describeAjvErrors(validator.errors, ''));
  }

  const problems = checkSemantics(schema, record, '');
  return problems.length === 0 ? valid : invalid(problems);
}

/**
 * Checks a whole envelope: its own fields, and its record against the record schema that
 * `schema` names, with the same extra checks as {@link validateRecord}. Problems in the record
 * are reported under `/record`.
 */
export function validateEnvelope(envelope: unknown): ValidationResult {
  if (!fastValidators().envelope(envelope)) {
    const validator = thoroughValidators().envelope;
    validator(envelope);
    return invalid(describeAjvErrors(validator.errors, ''));
  }

  // The schema has established this shape.
  const { schema, record } = envelope as { schema: RecordSchemaName; record: unknown };
  const problems = checkSemantics(schema, record, '/record');
  return problems.length === 0 ? valid : invalid(problems);
}

function fastValidators(): ContractValidators {
  fast ??= compileValidators(false);
  return fast;
}

function thoroughValidators(): ContractValidators {
  thorough ??= compileValidators(true);
  return thorough;
}

function compileValidators(allErrors: boolean): ContractValidators {
  const ajv = createAjv({ coerceTypes: false, useDefaults: false, allErrors });
  for (const schema of readContractSchemas()) ajv.addSchema(schema);
  const compile = (id: string): ValidateFunction => {
    const validator = ajv.getSchema(id);
    if (!validator) {
      throw new StockpollerError(
        'SP_ERR_INTERNAL',
        `the data-contract schema ${id} did not register`,
        'Reinstall stockpoller; its schemas/ folder does not match its code.',
      );
    }
    return validator;
  };
  return {
    quote: compile(contractSchemaIds.quote),
    bar: compile(contractSchemaIds.bar),
    heartbeat: compile(contractSchemaIds.heartbeat),
    envelope: compile(contractSchemaIds.envelope),
  };
}

function checkSemantics(schema: RecordSchemaName, record: unknown, base: string): string[] {
  const problems: string[] = [];
  if (schema === 'stockpoller.bar') {
    const { open, high, low, close } = record as {
      [K in 'open' | 'high' | 'low' | 'close']: number;
    };
    if (high < Math.max(open, close)) problems.push(`${base}/high must be >= max(open, close)`);
    if (low > Math.min(open, close)) problems.push(`${base}/low must be <= min(open, close)`);
  } else if (schema === 'stockpoller.quote') {
    const { high, low } = record as { high: number | null; low: number | null };
    if (high !== null && low !== null && high < low) problems.push(`${base}/high must be >= low`);
  }
  return problems;
}

function describeAjvErrors(errors: ErrorObject[] | null | undefined, base: string): string[] {
  const lines = new Set<string>();
  for (const error of errors ?? []) {
    const line = describeAjvError(error, base);
    if (line !== undefined) lines.add(line);
  }
  return [...lines];
}

function describeAjvError(error: ErrorObject, base: string): string | undefined {
  const path = base + error.instancePath;
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    // if/then failures repeat what the errors inside `then` already say.
    case 'if':
      return undefined;
    case 'required':
      return `${path}/${String(params.missingProperty)} is required`;
    case 'additionalProperties':
      return `${path}/${String(params.additionalProperty)} is not allowed`;
    case 'pattern': {
      const field = path.slice(path.lastIndexOf('/') + 1);
      return `${path || '/'} ${patternWording[field] ?? error.message ?? 'is malformed'}`;
    }
    case 'type':
      return `${path || '/'} ${describeType(path, params.type)}`;
    default:
      return `${path || '/'} ${error.message ?? 'is invalid'}`;
  }
}

function describeType(path: string, expected: unknown): string {
  const types = Array.isArray(expected) ? expected.join(' or ') : String(expected);
  if (path.endsWith('/date') && types === 'null') return 'must be null for an intraday interval';
  if (path.endsWith('/date') && types === 'string') {
    return 'must be a date YYYY-MM-DD for a daily or longer interval';
  }
  return `must be ${types}`;
}

function invalid(problems: readonly string[]): ValidationResult {
  return { valid: false, problems };
}
