import { expect } from 'chai';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../helpers/fixtures.js';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return name === 'fixtures' ? [] : sourceFiles(full);
    return name.endsWith('.ts') ? [full] : [];
  });
}

// A marker must name its issue: `TODO(#4)` passes, a bare one fails.
// Spelled in parts so that this file does not itself contain a bare marker.
const word = ['TO', 'DO'].join('');
const marker = new RegExp(String.raw`\b${word}\b`);
const withIssue = new RegExp(String.raw`\b${word}\(#\d+\)`);

describe('repository hygiene', () => {
  const files = ['core', 'plugins', 'test', 'bench'].flatMap((dir) =>
    sourceFiles(path.join(repoRoot, dir)),
  );

  it('names an issue in every TODO, as TODO(#123)', () => {
    const offenders = files.flatMap((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .map((line, index) => ({ line, where: `${path.relative(repoRoot, file)}:${index + 1}` }))
        .filter(({ line }) => marker.test(line) && !withIssue.test(line))
        .map(({ where }) => where),
    );
    expect(offenders).to.deep.equal([]);
  });

  it('keeps every plugin documented by a README', () => {
    const plugins = readdirSync(path.join(repoRoot, 'plugins'));
    const missing = plugins.filter((name) => {
      try {
        return !statSync(path.join(repoRoot, 'plugins', name, 'README.md')).isFile();
      } catch {
        return true;
      }
    });
    expect(missing).to.deep.equal([]);
  });
});
