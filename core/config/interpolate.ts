import type { ConfigProblem } from '../errors/index.js';
import { isPlainRecord, setOwnValue, type PlainRecord } from './plain-data.js';
import { createProblem, placeOfOrigin } from './problems.js';
import { childPointer, type OriginMap, type SecretRef } from './source.js';
import { escapeTemplateText, scanTemplate, type TemplatePart } from './template.js';

/** What {@link interpolateConfig} returns. */
export interface InterpolationResult {
  /** A copy of the input with variables substituted; every value that was a string still is. */
  readonly value: unknown;
  /** The input's origins; an interpolated value's origin lists the variables it used. */
  readonly origins: OriginMap;
  /** Every `${secret:<path>}` reference, once per string and path. */
  readonly secretRefs: SecretRef[];
  /** Every malformed reference and unset variable; empty when all went well. */
  readonly problems: ConfigProblem[];
}

/** Records one problem of the string being expanded. */
type Report = (problem: {
  readonly code: ConfigProblem['code'];
  readonly message: string;
  readonly hint: string;
}) => void;

interface Piece {
  readonly text: string;
  readonly secret?: string;
}

/**
 * Substitutes environment variables in string values (keys are left alone):
 * - `${NAME}` is the variable's value; unset is a problem (SP_ERR_CONFIG_UNSET_VARIABLE);
 * - `${NAME:-default}` uses `default` when the variable is unset or empty;
 * - `${NAME-default}` uses `default` only when it is unset;
 * - `${NAME:?message}` is a problem with that message when it is unset or empty;
 * - `$${` is a literal `${`.
 *
 * Defaults and messages are literal text: they cannot contain `}` and are not expanded.
 * Values stay strings; the schema converts types later.
 *
 * `${secret:<path>}` is recorded in `secretRefs` and left in place for
 * {@link resolveSecretRefs}. In a string that holds one, literal `${` text stays written as
 * `$${`, so that resolving the secret later cannot mistake it for a reference.
 *
 * Problems are collected, not thrown; each carries the position of the value's origin.
 */
export function interpolateConfig(
  value: unknown,
  origins: OriginMap,
  env: NodeJS.ProcessEnv,
): InterpolationResult {
  const result = {
    origins: new Map(origins),
    secretRefs: [] as SecretRef[],
    problems: [] as ConfigProblem[],
  };

  function visit(node: unknown, pointer: string): unknown {
    if (typeof node === 'string') return expandString(node, pointer);
    if (Array.isArray(node)) {
      return node.map((item, index) => visit(item, childPointer(pointer, index)));
    }
    if (!isPlainRecord(node)) return node;

    const copy: PlainRecord = {};
    for (const [key, child] of Object.entries(node)) {
      setOwnValue(copy, key, visit(child, childPointer(pointer, key)));
    }
    return copy;
  }

  function expandString(text: string, pointer: string): string {
    if (!text.includes('${')) return text;

    const origin = origins.get(pointer);
    const report: Report = (part) => {
      result.problems.push(
        createProblem(part.code, placeOfOrigin(pointer, origin), part.message, part.hint),
      );
    };
    const variables: string[] = [];
    const pieces: Piece[] = [];
    for (const part of scanTemplate(text)) {
      if (part.kind === 'variable' && !variables.includes(part.name)) variables.push(part.name);
      pieces.push(evaluatePart(part, env, report));
    }

    const secrets = [...new Set(pieces.flatMap((piece) => piece.secret ?? []))];
    for (const path of secrets) result.secretRefs.push({ pointer, path });
    if (origin !== undefined && variables.length > 0) {
      result.origins.set(pointer, { ...origin, variables });
    }
    return secrets.length === 0
      ? pieces.map((piece) => piece.text).join('')
      : joinWithSecrets(pieces, report);
  }

  return { value: visit(value, ''), ...result };
}

/**
 * Returns a deep copy of `value` in which every `${secret:<path>}` of the strings listed in
 * `refs` is replaced by `lookup(path)`, and the `$${` escapes of those strings become `${`.
 * Each path is looked up once, in order of appearance; a failing lookup rejects the whole call.
 *
 * Called by the kernel once the secret stores have started, on the output of
 * {@link interpolateConfig}.
 */
export async function resolveSecretRefs(
  value: unknown,
  refs: readonly SecretRef[],
  lookup: (path: string) => Promise<string>,
): Promise<unknown> {
  const pointers = new Set(refs.map((ref) => ref.pointer));
  const resolved = new Map<string, string>();

  async function resolveString(text: string): Promise<string> {
    let output = '';
    for (const part of scanTemplate(text)) {
      if (part.kind === 'text') output += part.text;
      else if (part.kind === 'secret') {
        let secret = resolved.get(part.path);
        if (secret === undefined) {
          secret = await lookup(part.path);
          resolved.set(part.path, secret);
        }
        output += secret;
      } else {
        // Unreachable for the output of interpolateConfig, which escapes every other ${.
        output +=
          part.kind === 'variable'
            ? `\${${part.name}${part.operator}${part.argument}}`
            : part.source;
      }
    }
    return output;
  }

  async function visit(node: unknown, pointer: string): Promise<unknown> {
    if (typeof node === 'string') return pointers.has(pointer) ? resolveString(node) : node;
    if (Array.isArray(node)) {
      const items: unknown[] = [];
      for (const [index, item] of node.entries())
        items.push(await visit(item, childPointer(pointer, index)));
      return items;
    }
    if (!isPlainRecord(node)) return node;

    const copy: PlainRecord = {};
    for (const [key, child] of Object.entries(node)) {
      setOwnValue(copy, key, await visit(child, childPointer(pointer, key)));
    }
    return copy;
  }

  return visit(value, '');
}

function evaluatePart(part: TemplatePart, env: NodeJS.ProcessEnv, report: Report): Piece {
  switch (part.kind) {
    case 'text':
      return { text: part.text };
    case 'secret':
      return { text: '', secret: part.path };
    case 'malformed':
      report(part);
      return { text: part.source };
    case 'variable': {
      // Own properties only: a variable named "constructor" must not find Object's.
      const raw = Object.hasOwn(env, part.name) ? env[part.name] : undefined;
      const isSet = typeof raw === 'string';
      const isEmpty = !isSet || raw === '';
      const hint = `export ${part.name}=... before starting stockpoller, or use \${${part.name}:-default}`;

      if (part.operator === ':-' && isEmpty) return { text: part.argument };
      if (part.operator === '-' && !isSet) return { text: part.argument };
      if (part.operator === ':?' && isEmpty) {
        const detail = part.argument === '' ? 'is not set or empty' : part.argument;
        report({ code: 'SP_ERR_CONFIG_UNSET_VARIABLE', message: `${part.name}: ${detail}`, hint });
        return { text: '' };
      }
      if (!isSet) {
        report({
          code: 'SP_ERR_CONFIG_UNSET_VARIABLE',
          message: `environment variable ${part.name} is not set`,
          hint,
        });
        return { text: '' };
      }
      return { text: raw };
    }
  }
}

/**
 * Joins pieces of a string that holds secret references, escaping literal `${` so the string
 * can be scanned again by resolveSecretRefs.
 */
function joinWithSecrets(pieces: readonly Piece[], report: Report): string {
  let output = '';
  let run = '';
  for (const piece of pieces) {
    if (piece.secret === undefined) {
      run += piece.text;
      continue;
    }
    // "$" followed by "${secret:" would read back as the escape "$${".
    if (run.endsWith('$')) {
      report({
        code: 'SP_ERR_CONFIG_BAD_INTERPOLATION',
        message: `a "$" right before \${secret:${piece.secret}} cannot be told apart from the escape $\${`,
        hint: 'put another character between the "$" and the secret reference',
      });
    }
    output += `${escapeTemplateText(run)}\${secret:${piece.secret}}`;
    run = '';
  }
  return output + escapeTemplateText(run);
}
