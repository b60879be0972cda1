import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createBuiltinRegistry } from '../../core/plugins/builtins.js';
import { repoRoot } from '../helpers/fixtures.js';

/** Rows of the README's options table (the one headed `| Option |`): name to default cell. */
function optionRows(readme: string): Map<string, string> {
  const rows = new Map<string, string>();
  const lines = readme.split('\n');
  const start = lines.findIndex((line) => /^\|\s*Option\s*\|/.test(line));
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith('|')) break;
    const cells = line.split('|').map((cell) => cell.trim());
    const name = /^`([A-Za-z]+)`$/.exec(cells[1] ?? '')?.[1];
    if (name !== undefined && cells.length >= 5) rows.set(name, cells[3] ?? '');
  }
  return rows;
}

function renderDefault(value: unknown): string[] {
  if (value === '') return ["`''`", '`""`'];
  if (typeof value === 'string') return [`\`${value}\``];
  return [`\`${JSON.stringify(value)}\``];
}

describe('built-in plugin READMEs', () => {
  for (const { definition } of createBuiltinRegistry().list()) {
    it(`documents every option of ${definition.kind} "${definition.name}" with its default`, () => {
      const readme = readFileSync(
        path.join(repoRoot, 'plugins', `${definition.kind}-${definition.name}`, 'README.md'),
        'utf8',
      );
      const rows = optionRows(readme);
      const properties = (definition.optionsSchema.properties ?? {}) as Record<
        string,
        { default?: unknown }
      >;

      expect([...rows.keys()].sort()).to.deep.equal(Object.keys(properties).sort());
      for (const [name, schema] of Object.entries(properties)) {
        if (schema.default === undefined) continue;
        expect(renderDefault(schema.default), name).to.include(rows.get(name));
      }
    });
  }
});
