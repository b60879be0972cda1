import { closest, distance } from 'fastest-levenshtein';

/** The candidate closest to `input`, when it is close enough to be a likely typo. */
export function suggestClosest(input: string, candidates: readonly string[]): string | undefined {
  if (candidates.length === 0) return undefined;
  const best = closest(
    input.toLowerCase(),
    candidates.map((c) => c.toLowerCase()),
  );
  const index = candidates.findIndex((c) => c.toLowerCase() === best);
  const limit = Math.max(2, Math.floor(input.length / 3));
  return distance(input.toLowerCase(), best) <= limit ? candidates[index] : undefined;
}

/** "did you mean "x"?" or a list of what is allowed, whichever helps more. */
export function hintForName(
  what: string,
  input: string,
  candidates: readonly string[],
): string | undefined {
  const suggestion = suggestClosest(input, candidates);
  if (suggestion !== undefined) return `did you mean "${suggestion}"?`;
  if (candidates.length === 0) return undefined;
  return `${what} allowed here: ${candidates.join(', ')}`;
}

/** Short rendering of a value for messages; secret references and long strings are shortened. */
export function renderValue(value: unknown): string {
  if (typeof value === 'string') {
    if (value.includes('${secret:')) return 'a secret reference';
    return JSON.stringify(value.length > 40 ? `${value.slice(0, 37)}...` : value);
  }
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'null';
  if (typeof value === 'object') return 'a mapping';
  return typeof value === 'function' || typeof value === 'symbol'
    ? typeof value
    : `${value as number}`;
}

/** How to write a value of the given JSON Schema type in YAML. */
export function hintForType(expected: string, example: unknown): string {
  const sample = example === undefined ? undefined : JSON.stringify(example);
  switch (expected) {
    case 'integer':
    case 'number':
      return `write a number without quotes${sample === undefined ? ', e.g. 15' : `, e.g. ${sample}`}`;
    case 'boolean':
      return 'write true or false without quotes';
    case 'string':
      return 'quote the value, e.g. "text"';
    case 'array':
      return 'write a list: [a, b] or one "- item" per line';
    case 'object':
      return 'write a mapping: "key: value" lines indented under this key';
    default:
      return `write a value of type ${expected}`;
  }
}
