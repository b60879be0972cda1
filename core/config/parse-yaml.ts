import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import path from 'node:path';
import { LineCounter, parseDocument, type Document, type ErrorCode as YamlCode } from 'yaml';
import type { YAMLError } from 'yaml';
import { StockpollerError, describeError, isStockpollerError } from '../errors/index.js';
import type { ConfigProblem } from '../errors/index.js';
import { maxAliasExpansion, surveyAliases, type AliasSurvey } from './alias-survey.js';
import { createProblem, createProblemsError, sortProblems } from './problems.js';
import type { ParsedDocument } from './source.js';
import { convertYamlTree } from './yaml-to-data.js';
import { excessiveNesting, findExcessiveNesting } from './yaml-depth.js';

/** Largest manifest or overlay file stockpoller reads, in bytes (1 MiB). */
export const maxConfigFileBytes = 1024 * 1024;

/** Limit handed to the yaml library's own alias check (its `maxAliasCount`). */
const yamlMaxAliasCount = 100;

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
 * Parses one YAML (or JSON) configuration file into plain data, with an origin for every value.
 * An empty file yields `null`. Aliases are expanded into copies.
 *
 * @param file - path used in origins and problems (made absolute)
 * @param text - the file's content
 * @throws StockpollerError listing every problem found (SP_ERR_CONFIG_YAML_SYNTAX,
 *   SP_ERR_CONFIG_DUPLICATE_KEY, SP_ERR_CONFIG_ALIAS_LIMIT, SP_ERR_CONFIG_BAD_VALUE), with the
 *   first problem's code and a message like `stockpoller.yaml has 2 problems`.
 */
export function parseYamlDocument(file: string, text: string): ParsedDocument {
  const absolute = path.resolve(file);
  const tooDeep = findExcessiveNesting(text);
  if (tooDeep !== undefined) {
    const place = { file: absolute, pointer: '', position: tooDeep };
    throw createProblemsError(path.basename(absolute), [
      createProblem(
        'SP_ERR_CONFIG_YAML_SYNTAX',
        place,
        excessiveNesting.message,
        excessiveNesting.hint,
      ),
    ]);
  }

  const lineCounter = new LineCounter();
  // YAML 1.2 core schema whatever the file's %YAML directive says: no 1.1 booleans (yes/no),
  // no timestamps, no merge keys; keys are always text.
  const doc = parseDocument(text, {
    lineCounter,
    prettyErrors: true,
    uniqueKeys: true,
    stringKeys: true,
    version: '1.2',
    schema: 'core',
    merge: false,
  });

  const survey = surveyAliases(doc.contents);
  const aliasProblem = checkAliasExpansion(doc, survey, absolute, lineCounter);
  const converted =
    aliasProblem === undefined
      ? convertYamlTree(absolute, doc.contents, lineCounter, survey)
      : undefined;

  const found = [...doc.errors, ...doc.warnings.filter((w) => w.code === 'TAG_RESOLVE_FAILED')]
    // The converter reports duplicates itself, naming the key.
    .filter((error) => converted === undefined || error.code !== 'DUPLICATE_KEY')
    .filter(keepFirstExhaustion())
    .map((error) =>
      problemOfYamlError(absolute, error, lineCounter, converted?.pointerAt ?? (() => '')),
    );
  if (aliasProblem !== undefined) found.push(aliasProblem);
  if (converted !== undefined) found.push(...converted.problems);

  const problems = removeRepeats(sortProblems(found));
  // Without a conversion there is always the alias problem to report.
  if (problems.length > 0 || converted === undefined) {
    throw createProblemsError(path.basename(absolute), problems);
  }
  return { file: absolute, value: converted.value, origins: converted.origins };
}

/**
 * Reads and parses a configuration file. The size is checked before anything is read.
 *
 * @throws StockpollerError SP_ERR_CONFIG_NOT_FOUND when the file does not exist,
 *   SP_ERR_CONFIG_TOO_LARGE over {@link maxConfigFileBytes}, SP_ERR_CONFIG_READ when it cannot
 *   be read or is not UTF-8, and whatever {@link parseYamlDocument} throws.
 */
export function readConfigFile(file: string): ParsedDocument {
  const absolute = path.resolve(file);
  return parseYamlDocument(absolute, readConfigText(absolute));
}

function readConfigText(file: string): string {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (error) {
    throw fileError(file, error);
  }
  try {
    const stats = fstatSync(fd);
    if (stats.isDirectory()) {
      throw new StockpollerError(
        'SP_ERR_CONFIG_READ',
        `${file} is a directory, not a configuration file`,
        'point at the YAML file itself',
      );
    }
    if (stats.size > maxConfigFileBytes) throw tooLargeError(file, stats.size);

    // Read at most one byte past the limit: a file that grew since fstat is still caught.
    const buffer = Buffer.alloc(maxConfigFileBytes + 1);
    let total = 0;
    for (let read = -1; read !== 0 && total < buffer.length; total += read) {
      read = readSync(fd, buffer, total, buffer.length - total, null);
    }
    if (total > maxConfigFileBytes) throw tooLargeError(file, total);
    return new TextDecoder('utf-8', { fatal: true }).decode(buffer.subarray(0, total));
  } catch (error) {
    throw fileError(file, error);
  } finally {
    closeSync(fd);
  }
}

function fileError(file: string, error: unknown): StockpollerError {
  if (isStockpollerError(error)) return error;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') {
    return new StockpollerError(
      'SP_ERR_CONFIG_NOT_FOUND',
      `${file} does not exist`,
      'check the path and the working directory',
      { cause: error },
    );
  }
  if (code === 'ERR_ENCODING_INVALID_ENCODED_DATA') {
    return new StockpollerError(
      'SP_ERR_CONFIG_READ',
      `${file} is not valid UTF-8 text`,
      'save the file with UTF-8 encoding',
      { cause: error },
    );
  }
  const hint = code === 'EACCES' ? 'check the permissions of the file' : undefined;
  return new StockpollerError(
    'SP_ERR_CONFIG_READ',
    `cannot read ${file}: ${describeError(error)}`,
    hint,
    { cause: error },
  );
}

function tooLargeError(file: string, bytes: number): StockpollerError {
  return new StockpollerError(
    'SP_ERR_CONFIG_TOO_LARGE',
    `${file} is ${bytes} bytes, over the ${maxConfigFileBytes}-byte limit of a configuration file`,
    'a configuration file should be a few kilobytes: check that this is the right file',
  );
}

/**
 * Rejects documents whose aliases expand too far, before anything is expanded: first with the
 * yaml library's own check, then with the exact count from the survey.
 */
function checkAliasExpansion(
  doc: Document.Parsed,
  survey: AliasSurvey,
  file: string,
  lineCounter: LineCounter,
): ConfigProblem | undefined {
  let excessive = survey.expansion > maxAliasExpansion;
  try {
    // mapAsMap: a complex key (already reported) would otherwise print a process warning.
    doc.toJS({ maxAliasCount: yamlMaxAliasCount, mapAsMap: true });
  } catch (error) {
    // Other failures (an undefined alias, ...) are reported with positions by the converter.
    if (error instanceof ReferenceError && /excessive alias count/i.test(error.message)) {
      excessive = true;
    }
  }
  if (!excessive) return undefined;

  const largest = survey.largest;
  const start = largest?.alias.range?.[0] ?? 0;
  const { line, col } = lineCounter.linePos(start);
  const detail =
    largest === undefined
      ? ''
      : `: *${largest.alias.source} alone stands for ${formatCount(largest.size)} values`;
  return createProblem(
    'SP_ERR_CONFIG_ALIAS_LIMIT',
    { file, pointer: largest?.pointer ?? '', position: { line, column: col } },
    `YAML aliases expand to too many values${detail}`,
    `this looks like a "billion laughs" bomb; write the values out instead of nesting aliases (aliases may add at most ${formatCount(maxAliasExpansion)} values)`,
  );
}

function problemOfYamlError(
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
    { file, pointer: pointerAt(offset), position: { line, column: col } },
    message,
    hintByYamlCode[error.code] ??
      'check the YAML syntax near this position; quoting the value often helps',
  );
}

/** A stack overflow while parsing is reported once per nesting level; one report is enough. */
function keepFirstExhaustion(): (error: YAMLError) => boolean {
  let seen = false;
  return (error) => {
    if (error.code !== 'RESOURCE_EXHAUSTION') return true;
    if (seen) return false;
    seen = true;
    return true;
  };
}

/** Drops exact repeats, which appear when an alias copies a value that has a problem. */
function removeRepeats(problems: readonly ConfigProblem[]): ConfigProblem[] {
  const seen = new Set<string>();
  return problems.filter((problem) => {
    const key = [problem.code, problem.line, problem.column, problem.message].join('\u0000');
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function formatCount(count: number): string {
  return Number.isFinite(count) ? count.toLocaleString('en-US') : 'an unbounded number of';
}
