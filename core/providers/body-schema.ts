import type { ValidateFunction } from 'ajv';
import type { JsonSchema } from '../plugins/types.js';
import { createAjv } from '../schema/ajv.js';
import { providerFailure } from './failure.js';

let ajv: ReturnType<typeof createAjv> | undefined;
const compiled = new WeakMap<JsonSchema, ValidateFunction>();

/**
 * Checks a parsed response body against the JSON Schema of what the endpoint documents,
 * before any field is mapped; a mismatch is a `malformed` error naming the first problems.
 * Schemas are compiled once each (keep them as module constants).
 */
export function checkBody(schema: JsonSchema, body: unknown, what: string): void {
  let validate = compiled.get(schema);
  if (validate === undefined) {
    ajv ??= createAjv({ coerceTypes: false, useDefaults: false, allErrors: false });
    validate = ajv.compile(schema);
    compiled.set(schema, validate);
  }
  if (validate(body)) return;

  const problems = (validate.errors ?? [])
    .slice(0, 3)
    .map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`);
  throw providerFailure('malformed', `${what}: unexpected response shape (${problems.join('; ')})`);
}
