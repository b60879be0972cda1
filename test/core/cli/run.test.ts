import { expect } from 'chai';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { validateEnvelope } from '../../../core/contract/validate.js';
import { runBin } from '../../helpers/cli.js';
import { fixturePath, repoRoot } from '../../helpers/fixtures.js';

describe('stockpoller run', () => {
  it('--once prints one valid quote envelope per configured symbol and exits 0', async () => {
    const result = await runBin(['run', '--once'], { cwd: repoRoot });
    expect(result.code, result.stderr).to.equal(0);

    const lines = result.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { record: { symbol: string } });
    expect(lines.map((l) => l.record.symbol).sort()).to.deep.equal([
      'AAPL',
      'AMZN',
      'GOOG',
      'MSFT',
      'NVDA',
    ]);
    for (const line of lines) expect(validateEnvelope(line)).to.deep.equal({ valid: true });
  });

  it('runs a third-party provider and transport, loaded from a package and a path', async () => {
    const out = path.join(mkdtempSync(path.join(os.tmpdir(), 'sp-run-')), 'out.jsonl');
    const result = await runBin(['run', '--once'], {
      cwd: fixturePath('deployments', 'third-party'),
      env: { OUT_FILE: out, FIXED_PRICE: '99.5' },
    });
    expect(result.code, result.stderr).to.equal(0);

    const envelopes = readFileSync(out, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { record: { price: number; symbol: string } });
    expect(envelopes.map((e) => e.record.symbol)).to.deep.equal(['AAA', 'BBB', 'CCC']);
    expect(envelopes.every((e) => e.record.price === 99.5)).to.equal(true);
  });

  it('exits 1 with the problems and no stack trace when the manifest is broken', async () => {
    const result = await runBin(['run', '--once', '--env', 'nowhere'], { cwd: repoRoot });
    expect(result.code).to.equal(1);
    expect(result.stderr)
      .to.contain('SP_ERR_CONFIG_UNKNOWN_ENV')
      .and.not.match(/\n\s+at /);
  });

  it('exits 1 when a symbol fails during --once', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'sp-fail-'));
    writeFileSync(
      path.join(dir, 'stockpoller.yaml'),
      [
        'version: 1',
        'logLevel: silent',
        'providers: { p: { use: simulated, options: { unknownSymbols: [ZZZZ] } } }',
        'transports: { t: { use: stdout } }',
        'pipelines: { x: { provider: p, symbols: [AAA, ZZZZ], transports: [t] } }',
      ].join('\n'),
    );
    const result = await runBin(['run', '--once'], { cwd: dir });
    expect(result.code).to.equal(1);
    expect(result.stdout.trim().split('\n')).to.have.length(1);
  });

  it('polls on its interval until SIGTERM, then stops cleanly with exit 0', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'sp-loop-'));
    writeFileSync(
      path.join(dir, 'stockpoller.yaml'),
      [
        'version: 1',
        'logLevel: info',
        'providers: { p: { use: simulated } }',
        'transports: { t: { use: stdout, options: { format: record } } }',
        'pipelines: { x: { provider: p, symbols: [AAA], every: 100ms, transports: [t] } }',
      ].join('\n'),
    );
    let signalled = false;
    const result = await runBin(['run', '--grace-period', '2s'], {
      cwd: dir,
      onStdout: (text, kill) => {
        if (!signalled && text.split('\n').length > 3) {
          signalled = true;
          kill('SIGTERM');
        }
      },
    });
    expect(result.code, result.stderr).to.equal(0);
    expect(result.stderr).to.contain('shutting down').and.contain('"msg":"stopped"');
    expect(result.stdout.trim().split('\n').length).to.be.at.least(3);
  });
});

describe('stockpoller run usage', () => {
  it('exits 2 with SP_ERR_CLI_USAGE for a grace period that is not a duration', async () => {
    const { runCli } = await import('../../helpers/cli.js');
    const result = await runCli(['run', '--grace-period', 'soon'], { cwd: repoRoot });
    expect(result.code).to.equal(2);
    expect(result.stderr).to.contain('SP_ERR_CLI_USAGE').and.contain('--grace-period');
  });
});
