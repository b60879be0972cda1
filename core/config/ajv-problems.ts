import type { ErrorObject } from 'ajv';
import type { ErrorCode } from '../errors/codes.js';
import type { ConfigProblem } from '../errors/index.js';
import { hintForName, hintForType, renderValue } from './hints.js';
import { childPointer, splitPointer, type OriginMap } from './source.js';

type SchemaNode = Record<string, unknown>;

/**
 * Turns ajv errors into configuration problems that point at the file, line and column the
 * value came from, with a hint. `prefix` is prepended to each error's instance path (plugin
 * options are validated on their own and live under `/providers/<name>/options`).
 */
export function problemsFromAjv(
  errors: readonly ErrorObject[],
  origins: OriginMap,
  prefix = '',
): ConfigProblem[] {
  const problems = errors
    .filter((error) => !isNoise(error))
    .map((error) => problemFromAjv(error, origins, prefix));
  return dedupe(problems);
}

function problemFromAjv(error: ErrorObject, origins: OriginMap, prefix: string): ConfigProblem {
  const base = prefix + error.instancePath;
  const parent = (error.parentSchema ?? {}) as SchemaNode;

  switch (error.keyword) {
    case 'additionalProperties': {
      const key = (error.params as { additionalProperty: string }).additionalProperty;
      const allowed = Object.keys(parent.properties ?? {});
      const hint = hintForName('keys', key, allowed) ?? 'remove it: nothing is allowed here';
      return locate(
        origins,
        childPointer(base, key),
        'SP_ERR_CONFIG_UNKNOWN_KEY',
        `unknown key "${key}"`,
        hint,
        true,
      );
    }
    case 'required': {
      const key = (error.params as { missingProperty: string }).missingProperty;
      const property = ((parent.properties ?? {}) as Record<string, SchemaNode>)[key];
      const description =
        typeof property?.description === 'string' ? ` (${property.description})` : '';
      return locate(
        origins,
        base,
        'SP_ERR_CONFIG_MISSING_KEY',
        `missing required key "${key}"`,
        `add "${key}:"${description}`,
        true,
      );
    }
    case 'type': {
      const expected = (error.params as { type: string }).type;
      const example = Array.isArray(parent.examples)
        ? (parent.examples as unknown[])[0]
        : parent.default;
      const message = `must be ${expected}, got ${renderValue(error.data)}`;
      return locate(
        origins,
        pointerOf(error, base),
        'SP_ERR_CONFIG_WRONG_TYPE',
        message,
        hintForType(expected, example),
        false,
      );
    }
    case 'enum':
    case 'const': {
      const allowed =
        error.keyword === 'enum'
          ? (error.params as { allowedValues: unknown[] }).allowedValues
          : [(error.params as { allowedValue: unknown }).allowedValue];
      const names = allowed.map((v) => String(v));
      const hint =
        typeof error.data === 'string'
          ? hintForName('values', error.data, names)
          : `allowed values: ${names.join(', ')}`;
      const message = `${renderValue(error.data)} is not allowed`;
      return locate(
        origins,
        pointerOf(error, base),
        'SP_ERR_CONFIG_BAD_VALUE',
        message,
        hint,
        false,
      );
    }
    default: {
      // A raw regular expression helps nobody; the hint shows the expected form instead.
      const detail = error.keyword === 'pattern' ? 'is not in the expected form' : error.message;
      const message = `${renderValue(error.data)} ${detail ?? 'is invalid'}`;
      const hint = hintFromSchema(parent);
      // A bad key (propertyNames) is best shown at the key itself.
      const atKey = error.propertyName !== undefined;
      return locate(
        origins,
        pointerOf(error, base),
        'SP_ERR_CONFIG_BAD_VALUE',
        message,
        hint,
        atKey,
      );
    }
  }
}

/** Errors that only restate another one (if/then wrappers, the failing branch of a `$ref`). */
function isNoise(error: ErrorObject): boolean {
  return error.keyword === 'if' || error.keyword === 'allOf' || error.keyword === 'propertyNames';
}

function pointerOf(error: ErrorObject, base: string): string {
  // For a failing propertyNames rule ajv reports the object; the culprit is the key itself.
  return error.propertyName === undefined ? base : childPointer(base, error.propertyName);
}

function hintFromSchema(schema: SchemaNode): string | undefined {
  const description = typeof schema.description === 'string' ? schema.description : undefined;
  const example = Array.isArray(schema.examples)
    ? `e.g. ${JSON.stringify(schema.examples[0])}`
    : undefined;
  if (description === undefined) return example;
  // A description that already shows examples needs no second one.
  if (example === undefined || description.includes('e.g.')) return description;
  return `${description.replace(/\.$/, '')}; ${example}`;
}

/**
 * Builds a problem at the origin of `pointer`, or of its nearest ancestor that has one (a
 * default filled in by ajv has no origin of its own). `atKey` prefers the key's position.
 */
export function locate(
  origins: OriginMap,
  pointer: string,
  code: ErrorCode,
  message: string,
  hint: string | undefined,
  atKey: boolean,
): ConfigProblem {
  const segments = splitPointer(pointer);
  for (let depth = segments.length; depth >= 0; depth -= 1) {
    const candidate = segments.slice(0, depth).reduce<string>((p, s) => childPointer(p, s), '');
    const origin = origins.get(candidate);
    if (origin === undefined) continue;
    const position = atKey && origin.key !== undefined ? origin.key : origin.value;
    return {
      code,
      file: origin.file,
      line: position.line,
      column: position.column,
      pointer,
      message,
      hint,
    };
  }
  return { code, file: undefined, line: undefined, column: undefined, pointer, message, hint };
}

function dedupe(problems: ConfigProblem[]): ConfigProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.pointer}\u0000${p.code}\u0000${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
