import { expect } from 'chai';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { runCli } from '../../helpers/cli.js';
import { fixturePath } from '../../helpers/fixtures.js';

/**
 * Every manifest under test/fixtures/broken/ has one mistake, described by its header:
 *   # expect-code: SP_ERR_...          the code of the problem
 *   # expect-at: file:line:column      where it is, relative to the fixture
 *   # expect-pointer: /json/pointer    the JSON pointer of the value
 *   # expect-hint: text                a part of the hint
 *   # env: name                        optional --env
 *   # var: NAME=value                  optional variables (repeatable)
 * A directory fixture holds stockpoller.yaml (with the header) and its configs/ overlays.
 */
interface Expectation {
  readonly code: string;
  readonly at: string;
  readonly pointer: string;
  readonly hint: string;
  readonly env: string | undefined;
  readonly vars: Record<string, string>;
}

const brokenDir = fixturePath('broken');

function readExpectation(manifest: string): Expectation {
  const header = readFileSync(manifest, 'utf8').slice(0, 4096);
  const field = (name: string): string | undefined =>
    new RegExp(`^# ${name}: (.*)$`, 'm').exec(header)?.[1]?.trim();
  const vars: Record<string, string> = {};
  for (const match of header.matchAll(/^# var: ([A-Za-z_][A-Za-z0-9_]*)=(.*)$/gm)) {
    vars[match[1] as string] = match[2] as string;
  }
  const required = (name: string): string => {
    const value = field(name);
    if (value === undefined) throw new Error(`${manifest} has no "# ${name}:" line`);
    return value;
  };
  return {
    code: required('expect-code'),
    at: required('expect-at'),
    pointer: required('expect-pointer'),
    hint: required('expect-hint'),
    env: field('env'),
    vars,
  };
}

function fixtures(): { name: string; dir: string; manifest: string }[] {
  return readdirSync(brokenDir)
    .sort()
    .map((name) => {
      const full = path.join(brokenDir, name);
      const isDir = statSync(full).isDirectory();
      return {
        name,
        dir: isDir ? full : brokenDir,
        manifest: isDir ? path.join(full, 'stockpoller.yaml') : full,
      };
    });
}

describe('validate-config on broken manifests', () => {
  const all = fixtures();

  it('has at least 30 broken manifests', () => {
    expect(all.length).to.be.at.least(30);
  });

  for (const fixture of all) {
    it(`rejects ${fixture.name} with its code, position, pointer and hint`, async () => {
      const expected = readExpectation(fixture.manifest);
      const args = ['validate-config', '--config', fixture.manifest, '--format', 'json'];
      if (expected.env !== undefined) args.push('--env', expected.env);
      const result = await runCli(args, { cwd: fixture.dir, env: expected.vars });

      expect(result.code, result.stderr).to.equal(1);
      const report = JSON.parse(result.stdout) as {
        valid: boolean;
        errors: {
          file: string;
          line: number;
          column: number;
          pointer: string;
          code: string;
          hint: string | null;
        }[];
      };
      expect(report.valid).to.equal(false);
      const found = report.errors.map((e) => ({ ...e, at: `${e.file}:${e.line}:${e.column}` }));
      const match = found.find((e) => e.code === expected.code && e.at === expected.at);
      expect(match, `got ${JSON.stringify(found, null, 1)}`).to.not.equal(undefined);
      expect(match?.pointer).to.equal(expected.pointer);
      expect(match?.hint ?? '').to.contain(expected.hint);
    });
  }
});
