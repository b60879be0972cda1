import path from 'node:path';
import { isStockpollerError, type ConfigProblem, type StockpollerError } from '../errors/index.js';
import { paletteFor, writeLine, type CliIo } from './io.js';

/** A problem as `validate-config --format json` prints it. */
export interface JsonProblem {
  readonly file: string | null;
  readonly line: number | null;
  readonly column: number | null;
  readonly pointer: string;
  readonly code: string;
  readonly message: string;
  readonly hint: string | null;
}

/** The problems of an error; an error without a list becomes one problem without a position. */
export function problemsOf(error: StockpollerError): readonly ConfigProblem[] {
  if (error.problems.length > 0) return error.problems;
  return [
    {
      code: error.code,
      file: undefined,
      line: undefined,
      column: undefined,
      pointer: '',
      message: error.message,
      hint: error.hint,
    },
  ];
}

/** Problems with file paths relative to the working directory, for printing as JSON. */
export function toJsonProblems(problems: readonly ConfigProblem[], cwd: string): JsonProblem[] {
  return problems.map((p) => ({
    file: p.file === undefined ? null : relativeFile(p.file, cwd),
    line: p.line ?? null,
    column: p.column ?? null,
    pointer: p.pointer,
    code: p.code,
    message: p.message,
    hint: p.hint ?? null,
  }));
}

/** Prints each problem as `file:line:col CODE /pointer message` plus an indented hint. */
export function printProblems(io: CliIo, problems: readonly ConfigProblem[]): void {
  const paint = paletteFor(io.stderr, io.env);
  for (const p of problems) {
    const where =
      p.file === undefined
        ? ''
        : `${relativeFile(p.file, io.cwd)}:${p.line ?? 0}:${p.column ?? 0} `;
    const pointer = p.pointer === '' ? '' : `${p.pointer} `;
    writeLine(
      io.stderr,
      `${paint.bold(where)}${paint.red(p.code)} ${paint.dim(pointer)}${p.message}`,
    );
    if (p.hint !== undefined) writeLine(io.stderr, `  ${paint.yellow('hint:')} ${p.hint}`);
  }
}

/**
 * Prints any failure: a StockpollerError as its problems (never a stack trace, since it is the
 * user's to fix), anything else as an internal error with the stack only when
 * STOCKPOLLER_DEBUG is set. Returns the exit code to use: 1 for the user's mistakes, 2 else.
 */
export function reportFailure(io: CliIo, error: unknown): number {
  if (isStockpollerError(error)) {
    printProblems(io, problemsOf(error));
    return error.code === 'SP_ERR_INTERNAL' || error.code === 'SP_ERR_CLI_USAGE' ? 2 : 1;
  }
  const paint = paletteFor(io.stderr, io.env);
  const detail = error instanceof Error ? error.message : String(error);
  writeLine(io.stderr, `${paint.red('SP_ERR_INTERNAL')} unexpected failure: ${detail}`);
  writeLine(
    io.stderr,
    `  ${paint.yellow('hint:')} please report this; set STOCKPOLLER_DEBUG=1 for the stack`,
  );
  if (io.env.STOCKPOLLER_DEBUG && error instanceof Error && error.stack)
    writeLine(io.stderr, error.stack);
  return 2;
}

function relativeFile(file: string, cwd: string): string {
  const relative = path.relative(cwd, file);
  return relative.startsWith('..') || relative === '' ? file : relative;
}
