import { isAlias, isMap, isNode, isScalar, isSeq, type LineCounter, type Scalar } from 'yaml';
import type { ConfigProblem } from '../errors/index.js';
import type { AliasSurvey } from './alias-survey.js';
import { setOwnValue, type PlainRecord } from './plain-data.js';
import { createProblem } from './problems.js';
import { childPointer, type LineColumn, type Origin, type OriginMap } from './source.js';
import { excessiveNesting, maxNestingDepth } from './yaml-depth.js';

/** A YAML document turned into plain data, with what went wrong on the way. */
export interface ConvertedYaml {
  readonly value: unknown;
  readonly origins: OriginMap;
  readonly problems: ConfigProblem[];
  /** The pointer of the innermost value written at a source offset ("" when none). */
  readonly pointerAt: (offset: number) => string;
}

interface Span {
  readonly start: number;
  readonly end: number;
  readonly pointer: string;
  readonly parent: number;
}

interface Visit {
  readonly pointer: string;
  readonly key: LineColumn | undefined;
  /** Offset to report when the node itself is missing (an entry without a value). */
  readonly fallbackOffset: number;
  readonly depth: number;
  /** Index of the enclosing span, or -1; undefined while copying an alias's anchor. */
  readonly span: number | undefined;
}

/**
 * Converts the parsed YAML tree to JSON data, recording an origin for every value. Aliases are
 * expanded into copies (the survey has already bounded how much that costs); the alias's own
 * position becomes the origin of the copy's root.
 */
export function convertYamlTree(
  file: string,
  root: unknown,
  lineCounter: LineCounter,
  survey: AliasSurvey,
): ConvertedYaml {
  const origins: OriginMap = new Map();
  const problems: ConfigProblem[] = [];
  const spans: Span[] = [];

  const positionAt = (offset: number): LineColumn => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  const report = (
    code: ConfigProblem['code'],
    offset: number,
    pointer: string,
    text: string,
    hint: string,
  ) =>
    problems.push(createProblem(code, { file, pointer, position: positionAt(offset) }, text, hint));
  const addSpan = (
    node: unknown,
    pointer: string,
    parent: number | undefined,
  ): number | undefined => {
    const range = isNode(node) ? node.range : undefined;
    if (parent === undefined || !range) return undefined;
    spans.push({ start: range[0], end: range[2], pointer, parent });
    return spans.length - 1;
  };

  function convert(node: unknown, at: Visit): unknown {
    const start = isNode(node) && node.range ? node.range[0] : at.fallbackOffset;
    const origin: Origin = { file, ...(at.key ? { key: at.key } : {}), value: positionAt(start) };
    origins.set(at.pointer, origin);
    const span = addSpan(node, at.pointer, at.span);

    if (isAlias(node)) {
      if (survey.circular.has(node)) {
        report(
          'SP_ERR_CONFIG_YAML_SYNTAX',
          start,
          at.pointer,
          `alias *${node.source} refers to a value that contains it`,
          'a configuration cannot be circular: copy the values instead of using the alias',
        );
        return null;
      }
      const target = survey.targets.get(node);
      if (target === undefined) {
        report(
          'SP_ERR_CONFIG_YAML_SYNTAX',
          start,
          at.pointer,
          `alias *${node.source} has no anchor &${node.source} before it`,
          `define the anchor (&${node.source}) earlier in the file than the alias`,
        );
        return null;
      }
      const copy = convert(target, { ...at, span: undefined });
      origins.set(at.pointer, origin);
      return copy;
    }
    if (isScalar(node)) return convertScalar(node, at.pointer, start);
    if (!isMap(node) && !isSeq(node)) return null;

    if (at.depth >= maxNestingDepth) {
      report(
        'SP_ERR_CONFIG_YAML_SYNTAX',
        start,
        at.pointer,
        excessiveNesting.message,
        excessiveNesting.hint,
      );
      return null;
    }
    if (isSeq(node)) {
      return node.items.map((item, index) =>
        convert(item, {
          pointer: childPointer(at.pointer, index),
          key: undefined,
          fallbackOffset: start,
          depth: at.depth + 1,
          span,
        }),
      );
    }

    const result: PlainRecord = {};
    const firstSeen = new Map<string, LineColumn>();
    for (const pair of node.items) {
      const key = pair.key;
      // A key that is not text was already reported by the parser (NON_STRING_KEY).
      if (!isScalar(key) || typeof key.value !== 'string' || !key.range) continue;
      const name = key.value;
      const keyStart = key.range[0];
      const keyPosition = positionAt(keyStart);
      const pointer = childPointer(at.pointer, name);
      addSpan(key, pointer, span);

      if (key.type === 'PLAIN' && name === '') {
        report(
          'SP_ERR_CONFIG_YAML_SYNTAX',
          keyStart,
          pointer,
          'a mapping entry has no key',
          'write a key before the colon, or remove the entry',
        );
        continue;
      }
      if (key.type === 'PLAIN' && name === '<<') {
        report(
          'SP_ERR_CONFIG_YAML_SYNTAX',
          keyStart,
          pointer,
          'YAML merge keys (<<) are not supported',
          'repeat the keys you need, or put per-environment changes in an overlay (configs/<env>.yaml)',
        );
        continue;
      }
      const first = firstSeen.get(name);
      if (first !== undefined) {
        report(
          'SP_ERR_CONFIG_DUPLICATE_KEY',
          keyStart,
          pointer,
          `key "${name}" appears twice in the same mapping (first at line ${first.line}, column ${first.column})`,
          `keep one "${name}" entry and delete the other`,
        );
        continue;
      }
      firstSeen.set(name, keyPosition);

      const fallbackOffset = key.range[1];
      setOwnValue(
        result,
        name,
        convert(pair.value, {
          pointer,
          key: keyPosition,
          fallbackOffset,
          depth: at.depth + 1,
          span,
        }),
      );
    }
    return result;
  }

  function convertScalar(node: Scalar, pointer: string, start: number): unknown {
    const value: unknown = node.value;
    if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
    if (typeof value === 'number') {
      if (Number.isFinite(value)) return value;
      report(
        'SP_ERR_CONFIG_BAD_VALUE',
        start,
        pointer,
        `${String(value)} is not a finite number`,
        'write a finite number, or quote the value to make it text',
      );
      return null;
    }
    const tag = (node.tag ?? 'this tag').replace('tag:yaml.org,2002:', '!!');
    report(
      'SP_ERR_CONFIG_YAML_SYNTAX',
      start,
      pointer,
      `values tagged ${tag} are not supported`,
      'write the value as plain text, number, true/false or null',
    );
    return null;
  }

  const value = convert(root, {
    pointer: '',
    key: undefined,
    fallbackOffset: 0,
    depth: 0,
    span: -1,
  });
  return { value, origins, problems, pointerAt: (offset) => findPointer(spans, offset) };
}

/**
 * The pointer of the innermost span that contains `offset`; spans are in document order. The
 * end is inclusive: a parser error about a value (a missing quote or bracket, a bad indent) is
 * often reported just past the value's last character.
 */
function findPointer(spans: readonly Span[], offset: number): string {
  let low = 0;
  let high = spans.length - 1;
  let index = -1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const span = spans[middle];
    if (span !== undefined && span.start <= offset) {
      index = middle;
      low = middle + 1;
    } else {
      high = middle - 1;
    }
  }
  for (let span = spans[index]; span !== undefined; span = spans[span.parent]) {
    if (offset <= span.end) return span.pointer;
  }
  return '';
}
