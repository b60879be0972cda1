import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { errorCatalog } from '../../core/errors/index.js';
import { repoRoot } from './fixtures.js';

const startMarker = '<!-- error-codes:start -->';
const endMarker = '<!-- error-codes:end -->';

/** The README's error-code table for the catalog, columns padded as Prettier pads them. */
export function errorTable(): string {
  const rows = Object.entries(errorCatalog).map(([code, info]) => [
    `\`${code}\``,
    info.description,
    info.fix,
  ]);
  const header = ['Code', 'Meaning', 'How to fix'];
  const widths = header.map((title, i) =>
    Math.max(title.length, ...rows.map((row) => (row[i] ?? '').length)),
  );
  const line = (cells: readonly string[]): string =>
    `| ${cells.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  const rule = `| ${widths.map((width) => '-'.repeat(width)).join(' | ')} |`;
  return [line(header), rule, ...rows.map(line)].join('\n');
}

/** Rewrites the table between the README's markers from the catalog. */
export function rewriteReadmeTable(): void {
  const file = path.join(repoRoot, 'README.md');
  const readme = readFileSync(file, 'utf8');
  const start = readme.indexOf(startMarker) + startMarker.length;
  const end = readme.indexOf(endMarker);
  writeFileSync(file, `${readme.slice(0, start)}\n\n${errorTable()}\n\n${readme.slice(end)}`);
}

// `node dist/test/helpers/error-table.js` after changing core/errors/codes.ts.
if (process.argv[1] === fileURLToPath(import.meta.url)) rewriteReadmeTable();
