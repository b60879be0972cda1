import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import path from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { StockpollerError, describeError, isStockpollerError } from '../errors/index.js';
import { surveyAliases } from './alias-survey.js';
import { createProblem, createProblemsError, sortProblems } from './problems.js';
import type { ParsedDocument } from './source.js';
import { excessiveNesting, findExcessiveNesting } from './yaml-depth.js';
import { checkAliasExpansion, problemOfYamlError, removeRepeats } from './yaml-problems.js';
import { convertYamlTree } from './yaml-to-data.js';

/** Largest manifest or overlay file stockpoller reads, in bytes (1 MiB). */
export const maxConfigFileBytes = 1024 * 1024;

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
  // no timestamps, no merge keys; keys are always text. Duplicate keys are left to the
  // converter: the library's uniqueKeys check compares every key with every other one, which
  // takes minutes for a 1 MiB mapping, where a lookup table takes milliseconds.
  const doc = parseDocument(text, {
    lineCounter,
    prettyErrors: true,
    uniqueKeys: false,
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

  const found = [...doc.errors, ...doc.warnings.filter((w) => w.code === 'TAG_RESOLVE_FAILED')].map(
    (error) => problemOfYamlError(absolute, error, lineCounter, converted?.pointerAt ?? (() => '')),
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
