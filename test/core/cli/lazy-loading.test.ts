import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { fixturePath, repoRoot } from '../../helpers/fixtures.js';

/** Packages that validating a manifest must never load: SDKs and the runtime's own clients. */
const heavyPackages = ['undici', 'pino', 'tsyringe', 'amqplib', '@aws-sdk', 'node-vault', 'keyv'];

describe('validate-config module loading', () => {
  it('never imports SDKs, the HTTP client, the logger or the kernel', () => {
    const mainUrl = pathToFileURL(path.join(repoRoot, 'dist', 'core', 'cli', 'main.js')).href;
    const script = [
      "import { createRequire } from 'node:module';",
      `const { main } = await import(${JSON.stringify(mainUrl)});`,
      "const code = await main(['validate-config', '--format', 'json']);",
      'const loaded = Object.keys(createRequire(import.meta.url).cache);',
      'process.stderr.write(JSON.stringify({ code, loaded }));',
    ].join('\n');
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: repoRoot,
      encoding: 'utf8',
    });
    const { code, loaded } = JSON.parse(child.stderr) as { code: number; loaded: string[] };

    expect(code).to.equal(0);
    expect(
      loaded.some((file) => file.includes('/node_modules/ajv/')),
      'ajv was loaded',
    ).to.equal(true);
    for (const name of heavyPackages) {
      const hits = loaded.filter((file) => file.includes(`/node_modules/${name}/`));
      expect(hits, `${name} was loaded`).to.deep.equal([]);
    }
  });

  it('imports a plugin module but never runs its create(), so its SDK stays unloaded', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'sp-lazy-'));
    const manifest = path.join(dir, 'stockpoller.yaml');
    writeFileSync(
      manifest,
      [
        'version: 1',
        `plugins: [${JSON.stringify(fixturePath('plugins', 'lazy-heavy.mjs'))}]`,
        'notifiers: { chat: { use: lazy-heavy } }',
        'providers: { p: { use: simulated } }',
        'transports: { t: { use: stdout } }',
        'pipelines: { x: { provider: p, symbols: [AAA], transports: [t] } }',
      ].join('\n'),
    );
    const { runCli } = await import('../../helpers/cli.js');
    const result = await runCli(['validate-config', '--config', manifest], { cwd: dir });

    expect(result.code, result.stderr).to.equal(0);
    expect(
      (globalThis as { __stockpollerHeavySdkLoaded?: boolean }).__stockpollerHeavySdkLoaded,
    ).to.equal(undefined);
  });
});
