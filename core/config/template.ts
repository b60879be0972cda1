import type { ErrorCode } from '../errors/codes.js';

/** How a `${NAME<operator>argument}` reference treats an unset or empty variable. */
export type VariableOperator = '' | ':-' | '-' | ':?';

/** One piece of a string value, as {@link scanTemplate} splits it. */
export type TemplatePart =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'secret'; readonly path: string }
  | {
      readonly kind: 'variable';
      readonly name: string;
      readonly operator: VariableOperator;
      /** The default text or the error message; literal, never expanded itself. */
      readonly argument: string;
    }
  | {
      readonly kind: 'malformed';
      readonly code: ErrorCode;
      /** The offending text as written, from `${` on. */
      readonly source: string;
      readonly message: string;
      readonly hint: string;
    };

const variablePattern = /^([A-Za-z_][A-Za-z0-9_]*)(?:(:-|:\?|-)([\s\S]*))?$/;
const secretPathPattern = /^[A-Za-z0-9_./-]+$/;
const secretPrefix = 'secret:';
const referenceHint =
  'write ${NAME}, ${NAME:-default}, ${NAME-default} or ${NAME:?message}, where NAME starts ' +
  'with a letter or "_" and has only letters, digits and "_"; write $${ for a literal ${';

/**
 * Splits a string value into literal text and `${...}` references. `$${` is an escape for a
 * literal `${`. A reference ends at the first `}`, so a default cannot contain `}` and is
 * never expanded itself (no nesting). Adjacent text is merged into one part.
 */
export function scanTemplate(text: string): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let literal = '';
  const flush = (): void => {
    if (literal !== '') parts.push({ kind: 'text', text: literal });
    literal = '';
  };

  let index = 0;
  while (index < text.length) {
    if (text.startsWith('$${', index)) {
      literal += '${';
      index += 3;
    } else if (text.startsWith('${', index)) {
      flush();
      const close = text.indexOf('}', index + 2);
      if (close === -1) {
        parts.push(unterminated(text.slice(index)));
        return parts;
      }
      parts.push(parseReference(text.slice(index + 2, close), text.slice(index, close + 1)));
      index = close + 1;
    } else {
      literal += text.charAt(index);
      index += 1;
    }
  }
  flush();
  return parts;
}

/** Writes literal text so that {@link scanTemplate} reads it back unchanged. */
export function escapeTemplateText(text: string): string {
  // A replacer function, since in a replacement string "$$" would collapse to "$".
  return text.replaceAll('${', () => '$${');
}

function parseReference(body: string, source: string): TemplatePart {
  if (body.startsWith(secretPrefix)) {
    const path = body.slice(secretPrefix.length);
    if (secretPathPattern.test(path)) return { kind: 'secret', path };
    return {
      kind: 'malformed',
      code: 'SP_ERR_CONFIG_SECRET_REF',
      source,
      message: `${source} is not a valid secret reference`,
      hint: 'write ${secret:<path>}, where the path has only letters, digits, "_", ".", "/" and "-"',
    };
  }

  const match = variablePattern.exec(body);
  if (match?.[1] !== undefined) {
    const operator = (match[2] ?? '') as VariableOperator;
    return { kind: 'variable', name: match[1], operator, argument: match[3] ?? '' };
  }
  return {
    kind: 'malformed',
    code: 'SP_ERR_CONFIG_BAD_INTERPOLATION',
    source,
    message: `${source} is not a valid variable reference`,
    hint: referenceHint,
  };
}

function unterminated(source: string): TemplatePart {
  return {
    kind: 'malformed',
    code: 'SP_ERR_CONFIG_BAD_INTERPOLATION',
    source,
    message: `"${source}" has no closing "}"`,
    hint: 'close the reference with "}", or write $${ for a literal ${',
  };
}
