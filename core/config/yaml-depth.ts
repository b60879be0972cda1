import { LineCounter, Parser, type CST } from 'yaml';
import type { LineColumn } from './source.js';

/** Deepest nesting of mappings and sequences a configuration may use. */
export const maxNestingDepth = 64;

/** Message and hint of the problem reported for too deep a nesting. */
export const excessiveNesting = {
  message: `values nest deeper than ${maxNestingDepth} levels`,
  hint: 'flatten the structure; a configuration never needs this much nesting',
} as const;

interface Pending {
  readonly token: CST.Token | undefined;
  readonly depth: number;
}

/**
 * Finds the first collection nested deeper than {@link maxNestingDepth}, using only the yaml
 * library's iterative tokenizer. Composing a document recurses once per level, and a few
 * thousand levels (a 20 KB line of `[`) overflow the stack in a way Node cannot always recover
 * from, so too deep a file must be turned away before it is composed.
 *
 * @returns the position of the offending collection, or undefined when the nesting is fine
 */
export function findExcessiveNesting(text: string): LineColumn | undefined {
  const lineCounter = new LineCounter();
  const pending: Pending[] = [];
  for (const token of new Parser(lineCounter.addNewLine).parse(text)) {
    pending.push({ token, depth: 0 });
  }
  pending.reverse();

  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const { token, depth } = next;
    if (token === undefined) continue;

    if (token.type === 'document') {
      pending.push({ token: token.value, depth });
    } else if (
      token.type === 'block-map' ||
      token.type === 'block-seq' ||
      token.type === 'flow-collection'
    ) {
      if (depth + 1 > maxNestingDepth) {
        const { line, col } = lineCounter.linePos(token.offset);
        return { line, column: col };
      }
      for (const item of token.items) {
        if ('key' in item) pending.push({ token: item.key ?? undefined, depth: depth + 1 });
        pending.push({ token: item.value, depth: depth + 1 });
      }
    }
  }
  return undefined;
}
