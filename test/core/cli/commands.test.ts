import { expect } from 'chai';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { parse } from 'yaml';
import { runCli } from '../../helpers/cli.js';
import { fixturePath, repoRoot } from '../../helpers/fixtures.js';

const thirdParty = fixturePath('deployments', 'third-party');

describe('stockpoller CLI', () => {
  describe('--version and --help', () => {
    it('prints the package version', async () => {
      const result = await runCli(['--version'], { cwd: repoRoot });
      const pkg = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
        version: string;
      };
      expect(result.code).to.equal(0);
      expect(result.stdout.trim()).to.equal(pkg.version);
    });

    it('lists every command', async () => {
      const result = await runCli(['--help'], { cwd: repoRoot });
      expect(result.code).to.equal(0);
      for (const command of ['validate-config', 'config', 'schema', 'plugins', 'run']) {
        expect(result.stdout).to.contain(command);
      }
    });

    it('exits 2 for an unknown command', async () => {
      expect((await runCli(['frobnicate'], { cwd: repoRoot })).code).to.equal(2);
    });
  });

  describe('config print', () => {
    it('prints the effective configuration with defaults and overlay applied', async () => {
      const result = await runCli(['config', 'print', '--env', 'development'], { cwd: repoRoot });
      expect(result.code, result.stderr).to.equal(0);
      const printed = parse(result.stdout) as Record<
        string,
        Record<string, Record<string, unknown>>
      >;
      expect(printed.pipelines?.['us-equities']).to.include({ every: '5s' });
      expect(printed.pipelines?.['us-equities']?.records).to.deep.equal(['quote']);
      expect(printed.transports?.console?.options).to.deep.include({ pretty: true });
    });

    it('names the file and line, or variable, of each value with --show-origin', async () => {
      const result = await runCli(['config', 'print', '--env', 'staging', '--show-origin'], {
        cwd: repoRoot,
        env: { POLL_INTERVAL: '45s' },
      });
      expect(result.code, result.stderr).to.equal(0);
      expect(result.stdout).to.match(
        /every: 45s # configs\/staging\.yaml:\d+:\d+ via \$POLL_INTERVAL/,
      );
      expect(result.stdout).to.match(/version: 1 # stockpoller\.yaml:\d+:\d+/);
      expect(result.stdout).to.match(/enabled: true # default/);
    });

    it('prints JSON with --format json', async () => {
      const result = await runCli(['config', 'print', '--format', 'json'], { cwd: repoRoot });
      expect(JSON.parse(result.stdout)).to.have.property('version', 1);
    });

    it('never prints a secret value', async () => {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'sp-print-'));
      const manifest = path.join(dir, 'stockpoller.yaml');
      const { writeFileSync } = await import('node:fs');
      writeFileSync(
        manifest,
        [
          'version: 1',
          'secretStores: { env: { use: env } }',
          'providers: { p: { use: simulated } }',
          'transports: { t: { use: stdout } }',
          'pipelines: { x: { provider: p, symbols: [AAA], transports: [t] } }',
          'notifiers: {}',
          'caches: { c: { use: memory, options: { namespace: "${secret:cache/ns}" } } }',
        ].join('\n'),
      );
      const result = await runCli(['config', 'print', '--config', manifest], {
        cwd: dir,
        env: { CACHE_NS: 'top-secret-namespace' },
      });
      expect(result.code, result.stderr).to.equal(0);
      expect(result.stdout).to.contain('${secret:cache/ns}').and.not.contain('top-secret');
    });
  });

  describe('schema', () => {
    it('prints a composed schema that accepts the shipped manifest and checks plugin options', async () => {
      const result = await runCli(['schema'], { cwd: repoRoot });
      expect(result.code, result.stderr).to.equal(0);
      const validate = new Ajv2020({ strict: false }).compile(JSON.parse(result.stdout) as object);
      const shipped = parse(
        readFileSync(path.join(repoRoot, 'stockpoller.yaml'), 'utf8'),
      ) as Record<string, unknown>;
      expect(validate(shipped), JSON.stringify(validate.errors)).to.equal(true);

      const wrong = structuredClone(shipped) as {
        transports: { console: { options: Record<string, unknown> } };
      };
      wrong.transports.console.options.format = 'xml';
      expect(validate(wrong)).to.equal(false);
    });

    it('matches the committed schemas/stockpoller.schema.json used by editors', async () => {
      const result = await runCli(['schema'], { cwd: path.join(repoRoot, 'schemas') });
      const committed = readFileSync(
        path.join(repoRoot, 'schemas', 'stockpoller.schema.json'),
        'utf8',
      );
      expect(JSON.parse(result.stdout)).to.deep.equal(JSON.parse(committed));
    });

    it('includes the options of third-party plugins the manifest loads', async () => {
      const result = await runCli(['schema'], { cwd: thirdParty, env: { OUT_FILE: 'x' } });
      expect(result.stdout).to.contain('jsonl-file').and.contain('fixed-price');
    });
  });

  describe('plugins', () => {
    it('lists built-in plugins as a table outside any deployment', async () => {
      const result = await runCli(['plugins'], { cwd: os.tmpdir() });
      expect(result.code, result.stderr).to.equal(0);
      expect(result.stdout).to.match(/^KIND\s+NAME\s+VERSION\s+SOURCE/);
      expect(result.stdout).to.match(/provider\s+simulated\s+\d+\.\d+\.\d+\s+built-in/);
    });

    it('lists third-party plugins with their source as JSON', async () => {
      const result = await runCli(['plugins', '--format', 'json'], {
        cwd: thirdParty,
        env: { OUT_FILE: 'x' },
      });
      const rows = JSON.parse(result.stdout) as {
        kind: string;
        name: string;
        version: string;
        source: string;
      }[];
      expect(rows).to.deep.include({
        kind: 'provider',
        name: 'fixed-price',
        version: '2.1.0',
        source: 'package:stockpoller-plugin-symbols',
        description: 'Quotes every symbol at a fixed price (test fixture).',
      });
      expect(rows.find((r) => r.name === 'jsonl-file')?.source).to.equal(
        'path:./plugins/jsonl-file.mjs',
      );
    });

    it('fails with the plugin problem when a listed module is broken', async () => {
      const result = await runCli(
        ['plugins', '--config', fixturePath('broken', 'plugin-throws', 'stockpoller.yaml')],
        {
          cwd: repoRoot,
        },
      );
      expect(result.code).to.equal(1);
      expect(result.stderr).to.contain('SP_ERR_PLUGIN_LOAD');
    });
  });
});
