import { isAlias, isMap, isNode, isScalar, type Alias, type YAMLMap, type YAMLSeq } from 'yaml';
import { childPointer } from './source.js';

/**
 * Most values that YAML aliases may add to a document once expanded. Each expanded value
 * costs a copy and an origin entry, so this bounds the memory an alias "bomb" can claim even
 * when it slips under the yaml library's own `maxAliasCount` heuristic.
 */
export const maxAliasExpansion = 100_000;

/** What {@link surveyAliases} learned about the aliases of one document. */
export interface AliasSurvey {
  /** The anchored node each alias stands for; undefined when no anchor precedes it. */
  readonly targets: ReadonlyMap<Alias, unknown>;
  /** Aliases that point at a node containing them (a structure JSON cannot hold). */
  readonly circular: ReadonlySet<Alias>;
  /** Values the aliases add to the document once expanded (may be Infinity). */
  readonly expansion: number;
  /** The alias that expands to the most values, and how many. */
  readonly largest: LargestAlias | undefined;
}

/** The alias that expands the most. */
export interface LargestAlias {
  readonly alias: Alias;
  /** JSON pointer of the alias in the document (keys that are not text show as "?"). */
  readonly pointer: string;
  /** Values it stands for once expanded. */
  readonly size: number;
}

type Collection = YAMLMap | YAMLSeq;

/** A node to enter, or a collection whose children are done ("exit"). */
type Frame =
  | {
      readonly exit: false;
      readonly node: unknown;
      readonly pointer: string;
      readonly isKey: boolean;
    }
  | { readonly exit: true; readonly node: Collection };

/**
 * Resolves every alias to its anchor and measures how far aliases expand, without expanding
 * anything: each node's expanded size is computed once, children before parents. An alias
 * always comes after its anchor, so the anchor's size is known when the alias is reached,
 * unless the anchor is an ancestor still open (a circular alias).
 *
 * Iterative rather than recursive, so a deeply nested document cannot overflow the stack.
 */
export function surveyAliases(root: unknown): AliasSurvey {
  const anchors = new Map<string, unknown>();
  const targets = new Map<Alias, unknown>();
  const circular = new Set<Alias>();
  const sizes = new Map<unknown, number>();
  let largest: AliasSurvey['largest'];
  let rawValues = 0;

  const stack: Frame[] = [{ node: root, pointer: '', exit: false, isKey: false }];
  for (let frame = stack.pop(); frame !== undefined; frame = stack.pop()) {
    if (frame.exit) {
      const sum = valueChildren(frame.node).reduce<number>(
        (total, child) => total + sizeOf(child),
        0,
      );
      sizes.set(frame.node, 1 + sum);
      continue;
    }
    const { node } = frame;
    if (!isNode(node)) continue;
    if (!frame.isKey) rawValues += 1;

    if (isAlias(node)) {
      const target = anchors.get(node.source);
      targets.set(node, target);
      const size = target === undefined ? 1 : sizes.get(target);
      if (size === undefined) circular.add(node);
      sizes.set(node, size ?? 1);
      if (size !== undefined && (largest === undefined || size > largest.size)) {
        largest = { alias: node, pointer: frame.pointer, size };
      }
      continue;
    }

    // An anchor takes effect where it is written, so it is visible inside its own node.
    if (node.anchor !== undefined && node.anchor !== '') anchors.set(node.anchor, node);
    if (isScalar(node)) {
      sizes.set(node, 1);
      continue;
    }
    stack.push({ exit: true, node });
    pushChildren(stack, node, frame.pointer);
  }

  function sizeOf(node: unknown): number {
    return sizes.get(node) ?? 1;
  }

  const expansion = Math.max(0, sizeOf(root) - rawValues);
  return { targets, circular, expansion, largest };
}

/** Pushes the children of a collection so that they pop in document order. */
function pushChildren(stack: Frame[], node: Collection, pointer: string): void {
  if (isMap(node)) {
    for (const pair of [...node.items].reverse()) {
      const key = isScalar(pair.key) ? String(pair.key.value) : '?';
      const child = childPointer(pointer, key);
      stack.push({ node: pair.value, pointer: child, exit: false, isKey: false });
      stack.push({ node: pair.key, pointer: child, exit: false, isKey: true });
    }
  } else {
    for (let index = node.items.length - 1; index >= 0; index -= 1) {
      const item = node.items[index];
      stack.push({ node: item, pointer: childPointer(pointer, index), exit: false, isKey: false });
    }
  }
}

/** The children of a collection that become values (mapping keys do not). */
function valueChildren(node: Collection): unknown[] {
  return isMap(node) ? node.items.map((pair) => pair.value) : node.items;
}
