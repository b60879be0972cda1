import type { ErrorCode } from '../errors/codes.js';
import { StockpollerError, isStockpollerError, type ConfigProblem } from '../errors/index.js';
import type { LineColumn, Origin } from './source.js';

/** Where a configuration problem sits: the file, the JSON pointer and, when known, the position. */
export interface ProblemPlace {
  readonly file: string | undefined;
  readonly pointer: string;
  readonly position: LineColumn | undefined;
}

/** Builds one {@link ConfigProblem}; `hint` says how to fix it. */
export function createProblem(
  code: ErrorCode,
  place: ProblemPlace,
  message: string,
  hint: string | undefined,
): ConfigProblem {
  return {
    code,
    file: place.file,
    line: place.position?.line,
    column: place.position?.column,
    pointer: place.pointer,
    message,
    hint,
  };
}

/** The place of the value at `pointer`, taken from its origin (no position when it has none). */
export function placeOfOrigin(pointer: string, origin: Origin | undefined): ProblemPlace {
  return { file: origin?.file, pointer, position: origin?.value };
}

/** Orders problems by file, then line, then column, keeping the found order for ties. */
export function sortProblems(problems: readonly ConfigProblem[]): ConfigProblem[] {
  const files: (string | undefined)[] = [];
  for (const problem of problems) if (!files.includes(problem.file)) files.push(problem.file);

  return problems
    .map((problem, index) => ({ problem, index }))
    .sort(
      (a, b) =>
        files.indexOf(a.problem.file) - files.indexOf(b.problem.file) ||
        (a.problem.line ?? 0) - (b.problem.line ?? 0) ||
        (a.problem.column ?? 0) - (b.problem.column ?? 0) ||
        a.index - b.index,
    )
    .map((entry) => entry.problem);
}

/** `1 problem`, `3 problems`. */
export function countProblems(count: number): string {
  return count === 1 ? '1 problem' : `${count} problems`;
}

/**
 * The one error that reports several configuration problems: its code is the first problem's,
 * its message counts them (`stockpoller.yaml has 2 problems`) and `problems` lists them all.
 * A single problem also lends its hint to the error.
 */
export function createProblemsError(
  subject: string,
  problems: readonly ConfigProblem[],
): StockpollerError {
  const first = problems[0];
  if (first === undefined) {
    return new StockpollerError('SP_ERR_INTERNAL', `${subject} failed without a reported problem`);
  }

  const hint = problems.length === 1 ? first.hint : undefined;
  return new StockpollerError(
    first.code,
    `${subject} has ${countProblems(problems.length)}`,
    hint,
    {
      problems,
    },
  );
}

/**
 * The problems an error stands for: its own list, or the error itself as one problem without a
 * position. Anything that is not a StockpollerError is rethrown, since it is a bug, not a
 * configuration mistake.
 */
export function problemsOfError(error: unknown): readonly ConfigProblem[] {
  if (!isStockpollerError(error)) throw error;
  if (error.problems.length > 0) return error.problems;

  return [
    createProblem(
      error.code,
      { file: undefined, pointer: '', position: undefined },
      error.message,
      error.hint,
    ),
  ];
}
