import { expect } from 'chai';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { validateRecord } from '../../../core/contract/validate.js';
import { runCli } from '../../helpers/cli.js';
import { repoRoot } from '../../helpers/fixtures.js';

function deploymentWithUnknownSymbol(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sp-fetch-'));
  writeFileSync(
    path.join(dir, 'stockpoller.yaml'),
    [
      'version: 1',
      'logLevel: silent',
      'providers: { sim: { use: simulated, options: { unknownSymbols: [NOPE] } } }',
      'transports: { t: { use: stdout } }',
      'pipelines: { x: { provider: sim, symbols: [AAA], transports: [t] } }',
    ].join('\n'),
  );
  return dir;
}

describe('stockpoller fetch', () => {
  it('prints one valid quote per symbol as JSON lines and exits 0', async () => {
    const result = await runCli(['fetch', '--provider', 'market', 'AAPL', 'msft'], {
      cwd: repoRoot,
    });

    expect(result.code, result.stderr).to.equal(0);
    const quotes = result.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { symbol: string });
    expect(quotes.map((q) => q.symbol)).to.deep.equal(['AAPL', 'MSFT']);
    for (const quote of quotes)
      expect(validateRecord('stockpoller.quote', quote)).to.deep.equal({ valid: true });
  });

  it('prints a classified error line for a failed symbol and exits 1', async () => {
    const dir = deploymentWithUnknownSymbol();
    const result = await runCli(['fetch', '--provider', 'sim', 'AAA', 'NOPE'], { cwd: dir });

    expect(result.code).to.equal(1);
    const lines = result.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines[0]).to.include({ symbol: 'AAA' });
    expect(lines[1]).to.deep.include({
      symbol: 'NOPE',
      error: {
        kind: 'not_found',
        code: 'SP_ERR_PROVIDER_NOT_FOUND',
        retryable: false,
        message: 'simulated provider: NOPE is listed in unknownSymbols',
      },
    });
  });

  it('prints daily bars of a date range', async () => {
    const args = [
      'fetch',
      '--provider',
      'market',
      '--bars',
      '--interval',
      '1d',
      '--from',
      '2026-03-02',
      '--to',
      '2026-03-06',
      'AAPL',
    ];
    const result = await runCli(args, { cwd: repoRoot });

    expect(result.code, result.stderr).to.equal(0);
    const bars = result.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { date: string });
    expect(bars.map((b) => b.date)).to.deep.equal([
      '2026-03-02',
      '2026-03-03',
      '2026-03-04',
      '2026-03-05',
      '2026-03-06',
    ]);
  });

  it('fails a symbol whose bar request the provider rejects', async () => {
    const args = ['fetch', '--provider', 'market', '--bars', '--interval', '7m', 'AAPL'];
    const result = await runCli(args, { cwd: repoRoot });

    expect(result.code).to.equal(1);
    expect(JSON.parse(result.stdout) as object).to.have.nested.property(
      'error.code',
      'SP_ERR_PROVIDER_BAD_REQUEST',
    );
  });

  it('prints a table for people', async () => {
    const result = await runCli(
      ['fetch', '--provider', 'sim', '--format', 'table', 'AAA', 'NOPE'],
      {
        cwd: deploymentWithUnknownSymbol(),
      },
    );
    const [header, quote, failure] = result.stdout.trimEnd().split('\n');
    expect(header).to.match(/^SYMBOL\s+TIME\s+PRICE\/CLOSE/);
    expect(quote).to.match(/^AAA\s+\d{4}-/);
    expect(failure).to.match(/^NOPE\s+error not_found\s+simulated provider/);
  });

  it('prints bars as a table keyed by date', async () => {
    const args = [
      'fetch',
      '--provider',
      'market',
      '--bars',
      '--from',
      '2026-03-02',
      '--to',
      '2026-03-03',
      '--format',
      'table',
      'AAPL',
    ];
    const result = await runCli(args, { cwd: repoRoot });
    expect(result.stdout).to.match(/\nAAPL\s+2026-03-02\s+\d/);
  });

  it('exits 2 with a suggestion for a provider the manifest does not declare', async () => {
    const result = await runCli(['fetch', '--provider', 'markt', 'AAPL'], { cwd: repoRoot });
    expect(result.code).to.equal(2);
    expect(result.stderr).to.contain('SP_ERR_CLI_USAGE').and.contain('did you mean "market"?');
  });

  it('exits 2 for a configuration problem', async () => {
    const result = await runCli(['fetch', '--provider', 'market', '--env', 'nowhere', 'AAPL'], {
      cwd: repoRoot,
    });
    expect(result.code).to.equal(2);
    expect(result.stderr).to.contain('SP_ERR_CONFIG_UNKNOWN_ENV');
  });

  it('exits 2 when --provider is missing', async () => {
    expect((await runCli(['fetch', 'AAPL'], { cwd: repoRoot })).code).to.equal(2);
  });
});
