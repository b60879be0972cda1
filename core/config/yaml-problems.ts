import type { Document, LineCounter, ErrorCode as YamlCode, YAMLError } from 'yaml';
import type { ConfigProblem } from '../errors/index.js';
import { maxAliasExpansion, type AliasSurvey } from './alias-survey.js';
import { createProblem } from './problems.js';

/** Limit handed to the yaml library's own alias check (its `maxAliasCount`). */
const yamlMaxAliasCount = 100;

/** Hints for the parser's error codes; others get a general hint. */
const hintByYamlCode: Partial<Record<YamlCode, string>> = {
  TAB_AS_INDENT: 'indent with spaces: YAML does not allow tabs for indentation',
  BAD_INDENT:
    'check the indentation: entries of one mapping start in the same column, nested ones further right',
  BLOCK_AS_IMPLICIT_KEY:
    'check the indentation and put a space after each colon; a value cannot start a new mapping on the same line',
  MULTILINE_IMPLICIT_KEY:
    'check the indentation: a line indented under a plain value is read as part of a key',
  UNEXPECTED_TOKEN: 'check the indentation and quoting near this position',
  MISSING_CHAR: 'close the quote or bracket that is opened before this position',
  BAD_SCALAR_START: 'quote the value: text starting with @ or ` needs quotes, e.g. key: "@value"',
  BAD_DQ_ESCAPE: 'inside double quotes write a backslash as \\\\, or use single quotes',
  MULTIPLE_DOCS: 'keep one document per file: remove the second "---" line and what follows it',
  NON_STRING_KEY: 'keys must be plain text: remove the "?" complex key, or quote the key',
  TAG_RESOLVE_FAILED: 'remove the tag; stockpoller reads only plain YAML values',
  BAD_ALIAS: 'give the anchor a name, e.g. &defaults, and refer to it as *defaults',
  ALIAS_PROPS: 'remove the tag or anchor written on the alias',
  KEY_OVER_1024_CHARS: 'shorten the key to fewer than 1024 characters',
  RESOURCE_EXHAUSTION: 'reduce how deeply the values nest',
  BAD_DIRECTIVE: 'remove the % directive line; stockpoller reads YAML 1.2',
};

/**
 * Rejects a document whose aliases expand too far, before anything is expanded: the yaml
 * library's own heuristic (`maxAliasCount`) and the survey's exact count both get a say. The
 * problem sits at the alias that expands the most.
 */
export function checkAliasExpansion(
  doc: Document.Parsed,
  survey: AliasSurvey,
  file: string,
  lineCounter: LineCounter,
): ConfigProblem | undefined {
  const tooManyValues = survey.expansion > maxAliasExpansion;
  let refusedByYaml = false;
  try {
    // mapAsMap: a complex key (already reported) would otherwise print a process warning.
    doc.toJS({ maxAliasCount: yamlMaxAliasCount, mapAsMap: true });
  } catch (error) {
    // Other failures (an undefined alias, ...) are reported with positions by the converter.
    refusedByYaml = error instanceof ReferenceError && /excessive alias count/i.test(error.message);
  }
  if (!tooManyValues && !refusedByYaml) return undefined;

  const largest = survey.largest;
  const { line, col } = lineCounter.linePos(largest?.alias.range?.[0] ?? 0);
  const facts = tooManyValues
    ? `YAML aliases would add ${formatCount(survey.expansion)} values, over the limit of ${formatCount(maxAliasExpansion)}`
    : `YAML aliases repeat anchored values more often than the limit of ${yamlMaxAliasCount} repeats allows`;
  const detail =
    largest === undefined
      ? ''
      : `; *${largest.alias.source} alone stands for ${formatCount(largest.size)} values`;
  return createProblem(
    'SP_ERR_CONFIG_ALIAS_LIMIT',
    { file, pointer: largest?.pointer ?? '', position: { line, column: col } },
    `${facts}${detail}`,
    'nested aliases like these are how a "billion laughs" attack exhausts memory; write the values out, or use fewer aliases',
  );
}

/** Turns an error or warning of the yaml library into a problem with a hint. */
export function problemOfYamlError(
  file: string,
  error: YAMLError,
  lineCounter: LineCounter,
  pointerAt: (offset: number) => string,
): ConfigProblem {
  const offset = error.pos[0];
  const { line, col } = error.linePos?.[0] ?? lineCounter.linePos(offset);
  // prettyErrors appends " at line L, column C:" and a source excerpt; the position is kept
  // separately, so the message keeps only the sentence.
  const message = error.message.replace(/ at line \d+, column \d+:[\s\S]*$/, '');
  return createProblem(
    'SP_ERR_CONFIG_YAML_SYNTAX',
    // A second document is not inside any value of the first.
    {
      file,
      pointer: error.code === 'MULTIPLE_DOCS' ? '' : pointerAt(offset),
      position: { line, column: col },
    },
    message,
    hintByYamlCode[error.code] ??
      'check the YAML syntax near this position; quoting the value often helps',
  );
}

/** Drops exact repeats, which appear when an alias copies a value that has a problem. */
export function removeRepeats(problems: readonly ConfigProblem[]): ConfigProblem[] {
  const seen = new Set<string>();
  return problems.filter((problem) => {
    const key = [problem.code, problem.line, problem.column, problem.message].join('\u0000');
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function formatCount(count: number): string {
  return Number.isFinite(count) ? count.toLocaleString('en-US') : 'countless';
}
