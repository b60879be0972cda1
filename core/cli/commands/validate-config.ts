import path from 'node:path';
import { isStockpollerError } from '../../errors/index.js';
import { prepareConfig } from '../../config/prepare.js';
import { paletteFor, writeLine, type CliIo } from '../io.js';
import { printProblems, problemsOf, reportFailure, toJsonProblems } from '../render-errors.js';

/** Options of `stockpoller validate-config`. */
export interface ValidateOptions {
  readonly config?: string;
  readonly env?: string;
  readonly format: 'text' | 'json';
}

/**
 * Loads and validates the configuration without starting any plugin. Exit 0 when valid,
 * 1 when not, 2 for internal errors.
 */
export async function validateConfigCommand(io: CliIo, options: ValidateOptions): Promise<number> {
  try {
    const prepared = await prepareConfig({
      configPath: options.config,
      env: options.env,
      cwd: io.cwd,
      vars: io.env,
    });
    const { manifestFile, overlayFile } = prepared.loaded;
    if (options.format === 'json') {
      writeLine(io.stdout, JSON.stringify({ valid: true, errors: [] }));
    } else {
      const files = [manifestFile, overlayFile]
        .filter((f) => f !== undefined)
        .map((f) => path.relative(io.cwd, f) || f);
      writeLine(io.stdout, `${paletteFor(io.stdout, io.env).green('valid')} ${files.join(' + ')}`);
    }
    return 0;
  } catch (error) {
    if (!isStockpollerError(error) || error.code === 'SP_ERR_INTERNAL')
      return reportFailure(io, error);
    const problems = problemsOf(error);
    if (options.format === 'json') {
      writeLine(
        io.stdout,
        JSON.stringify({ valid: false, errors: toJsonProblems(problems, io.cwd) }, null, 2),
      );
    } else {
      printProblems(io, problems);
      const count = problems.length;
      writeLine(io.stderr, `${count} problem${count === 1 ? '' : 's'}: configuration is not valid`);
    }
    return 1;
  }
}
