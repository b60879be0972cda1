import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { ConfigProblem } from '../errors/index.js';
import { locate } from './ajv-problems.js';
import { checkSchedule } from './check-schedule.js';
import type { PipelineConfig } from './manifest.js';
import { childPointer, type LoadedConfig } from './source.js';

/** The ticker form the manifest schema accepts for inline symbols. */
const tickerPattern = /^[A-Z0-9][A-Z0-9.\-^=:/]{0,31}$/;

/** Most bytes a symbols file may hold: 10,000 tickers fit many times over. */
const maxSymbolsFileBytes = 4 * 1024 * 1024;

type MutablePipeline = { -readonly [K in keyof PipelineConfig]: PipelineConfig[K] };

/**
 * Checks what the schema cannot say about each pipeline (its schedule, see checkSchedule; there
 * is at least one symbol) and joins the lines of its `symbolsFile` to `symbols`,
 * so that the rest of the runtime sees one list. Mutates the validated pipelines in place.
 */
export function checkPipelines(
  pipelines: Record<string, PipelineConfig>,
  loaded: LoadedConfig,
): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  for (const [name, config] of Object.entries(pipelines)) {
    const pipeline = config as MutablePipeline;
    const pointer = childPointer('/pipelines', name);
    problems.push(...checkSchedule(name, pipeline, pointer, loaded));
    const inline = pipeline.symbols as readonly string[] | undefined;
    let symbols = inline ?? [];
    if (pipeline.symbolsFile !== undefined) {
      const at = childPointer(pointer, 'symbolsFile');
      const read = readSymbolsFile(pipeline.symbolsFile, at, loaded);
      problems.push(...read.problems);
      symbols = [...new Set([...symbols, ...read.symbols])];
    }
    if (symbols.length === 0 && problems.length === 0) {
      const message = `pipeline "${name}" has no symbols`;
      const hint = 'list tickers under symbols: or point symbolsFile: at a file of tickers';
      problems.push(
        locate(loaded.origins, pointer, 'SP_ERR_CONFIG_MISSING_KEY', message, hint, true),
      );
    }
    pipeline.symbols = symbols;
  }
  return problems;
}

interface SymbolsRead {
  readonly symbols: string[];
  readonly problems: ConfigProblem[];
}

/**
 * Reads one ticker per line; blank lines and `#` comments (whole-line or trailing) are skipped.
 * Problems point at the symbols file's own line and column.
 */
function readSymbolsFile(path: string, pointer: string, loaded: LoadedConfig): SymbolsRead {
  const origin = loaded.origins.get(pointer);
  const file = resolve(dirname(origin?.file ?? loaded.manifestFile), path);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    const message = `symbols file ${file} cannot be read (${reason})`;
    const hint = 'symbolsFile is relative to the manifest that sets it';
    return {
      symbols: [],
      problems: [
        locate(loaded.origins, pointer, 'SP_ERR_CONFIG_SYMBOLS_FILE', message, hint, false),
      ],
    };
  }
  if (text.length > maxSymbolsFileBytes) {
    const message = `symbols file ${file} is larger than ${String(maxSymbolsFileBytes)} bytes`;
    const hint = 'split the symbols over several pipelines';
    return {
      symbols: [],
      problems: [
        locate(loaded.origins, pointer, 'SP_ERR_CONFIG_SYMBOLS_FILE', message, hint, false),
      ],
    };
  }
  const symbols: string[] = [];
  const problems: ConfigProblem[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const withoutComment = raw.replace(/#.*$/, '');
    const symbol = withoutComment.trim();
    if (symbol === '') return;
    if (tickerPattern.test(symbol)) {
      symbols.push(symbol);
      return;
    }
    const column = withoutComment.indexOf(symbol) + 1;
    problems.push({
      code: 'SP_ERR_CONFIG_SYMBOLS_FILE',
      file,
      line: index + 1,
      column,
      pointer,
      message: `"${symbol}" is not a ticker`,
      hint:
        symbol.toUpperCase() !== symbol && tickerPattern.test(symbol.toUpperCase())
          ? `tickers are upper case: write ${symbol.toUpperCase()}`
          : 'write one ticker per line (A-Z, 0-9 and . - ^ = : /), # starts a comment',
    });
  });
  return { symbols, problems };
}
