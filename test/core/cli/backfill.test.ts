import { expect } from 'chai';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { validateEnvelope } from '../../../core/contract/validate.js';
import type { Bar, Envelope } from '../../../core/contract/types.js';
import { runBin, runCli } from '../../helpers/cli.js';
import { fixturePath } from '../../helpers/fixtures.js';

const range = ['--pipeline', 'history', '--from', '2023-06-01', '--to', '2025-02-28'];

/** A deployment folder: the simulated provider feeding a file transport that writes out.jsonl. */
function deployment(options: { logLevel?: string; providerOptions?: string } = {}): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sp-backfill-cli-'));
  writeFileSync(
    path.join(dir, 'stockpoller.yaml'),
    [
      'version: 1',
      `logLevel: ${options.logLevel ?? 'silent'}`,
      `providers: { sim: { use: simulated, options: ${options.providerOptions ?? '{}'} } }`,
      // The file transport reads a relative path from the process's working directory.
      `transports: { out: { use: file, options: { path: ${JSON.stringify(path.join(dir, 'out.jsonl'))} } } }`,
      'pipelines:',
      '  history: { provider: sim, symbols: [AAA, BBB], barInterval: 1d, transports: [out] }',
    ].join('\n'),
  );
  return dir;
}

function envelopesIn(dir: string): Envelope[] {
  const file = path.join(dir, 'out.jsonl');
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Envelope);
}

interface JsonSummary {
  status: string;
  checkpoint: string;
  bars: number;
  chunks: Record<string, number>;
}

describe('stockpoller backfill', () => {
  it('publishes every bar of every symbol to the transport, checkpoints, and exits 0', async () => {
    const dir = deployment();

    const result = await runCli(['backfill', ...range], { cwd: dir });

    expect(result.code, result.stderr).to.equal(0);
    const envelopes = envelopesIn(dir);
    expect(envelopes.length).to.be.above(900);
    for (const envelope of envelopes)
      expect(validateEnvelope(envelope)).to.deep.equal({ valid: true });
    expect(new Set(envelopes.map((e) => (e.record as Bar).symbol))).to.deep.equal(
      new Set(['AAA', 'BBB']),
    );
    expect(
      envelopes.every((e) => e.schema === 'stockpoller.bar' && e.pipeline === 'history'),
    ).to.equal(true);
    expect(result.stdout)
      .to.contain('backfill history: complete')
      .and.contain('6 total, 6 done, 0 failed, 0 skipped')
      .and.contain(`${envelopes.length} published`);
    expect(readdirSync(path.join(dir, '.stockpoller'))).to.have.length(1);
  });

  it('does nothing on a re-run of a finished backfill, and says so', async () => {
    const dir = deployment();
    await runCli(['backfill', ...range], { cwd: dir });
    const published = envelopesIn(dir).length;

    const result = await runCli(['backfill', ...range, '--format', 'json'], { cwd: dir });

    expect(result.code, result.stderr).to.equal(0);
    const summary = JSON.parse(result.stdout) as JsonSummary;
    expect(summary).to.deep.include({ status: 'up-to-date', bars: 0 });
    expect(summary.chunks).to.include({ total: 6, done: 0, skipped: 6 });
    expect(summary.checkpoint).to.match(/^\.stockpoller\/backfill-history-[0-9a-f]{12}\.json$/);
    expect(envelopesIn(dir)).to.have.length(published);
  });

  it('fetches everything again with --restart, giving the same message ids', async () => {
    const dir = deployment();
    await runCli(['backfill', ...range], { cwd: dir });
    const first = envelopesIn(dir).map((e) => e.id);

    const result = await runCli(['backfill', ...range, '--restart'], { cwd: dir });

    expect(result.code, result.stderr).to.equal(0);
    const second = envelopesIn(dir)
      .slice(first.length)
      .map((e) => e.id);
    expect(second.sort()).to.deep.equal([...first].sort());
  });

  it('exits 1 when chunks fail, and a re-run retries only those', async () => {
    const dir = deployment({ providerOptions: '{ unknownSymbols: [BBB] }' });

    const result = await runCli(['backfill', ...range, '--checkpoint', 'state/bf.json'], {
      cwd: dir,
    });

    expect(result.code).to.equal(1);
    expect(result.stdout).to.contain('incomplete').and.contain('3 done, 3 failed');
    expect(existsSync(path.join(dir, 'state', 'bf.json'))).to.equal(true);
    const again = await runCli(
      ['backfill', ...range, '--checkpoint', 'state/bf.json', '--format', 'json'],
      { cwd: dir },
    );
    expect(again.code).to.equal(1);
    expect((JSON.parse(again.stdout) as JsonSummary).chunks).to.include({
      skipped: 3,
      failed: 3,
    });
  });

  it('draws a progress bar on a terminal', async () => {
    const result = await runCli(['backfill', ...range], { cwd: deployment(), tty: true });

    expect(result.code).to.equal(0);
    expect(result.stderr).to.match(/history \[[=-]+\] 100% \| 6\/6 chunks \| \d+ bars \| 0 failed/);
  });

  it('logs structured progress on stderr when it is not a terminal', async () => {
    const dir = deployment({ logLevel: 'warn' });

    const result = await runBin(['backfill', ...range], { cwd: dir });

    expect(result.code, result.stderr).to.equal(0);
    const lines = result.stderr
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    const progress = lines.filter((line) => line.msg === 'backfill progress');
    expect(progress.length).to.be.at.least(1);
    expect(progress[0]).to.include({ level: 30, pipeline: 'history', total: 6, failed: 0 });
    expect(progress[0]).to.have.keys([
      'level',
      'time',
      'app',
      'pipeline',
      'msg',
      'done',
      'total',
      'bars',
      'failed',
    ]);
    expect(lines.map((line) => line.msg)).to.include.members([
      'backfill started',
      'backfill finished',
    ]);
  });

  it('describes itself in --help', async () => {
    const result = await runCli(['backfill', '--help'], { cwd: deployment() });

    expect(result.code).to.equal(0);
    for (const text of [
      '--pipeline',
      '--from',
      '--to',
      '--interval',
      '--checkpoint',
      '--checkpoint-cache',
      '--grace-period',
      '--shard',
      '--restart',
      'Exit codes',
    ]) {
      expect(result.stdout).to.contain(text);
    }
  });

  describe('usage mistakes', () => {
    const cases: [string, string[], RegExp][] = [
      ['no --pipeline', ['--from', '2024-01-01', '--to', '2024-02-01'], /--pipeline is required/],
      ['no --to', ['--pipeline', 'history', '--from', '2024-01-01'], /--to is required/],
      [
        'an unknown pipeline',
        ['--pipeline', 'histroy', '--from', '2024-01-01', '--to', '2024-02-01'],
        /did you mean "history"/,
      ],
      [
        'a bound that is no date',
        ['--pipeline', 'history', '--from', 'monday', '--to', '2024-02-01'],
        /--from "monday" is neither/,
      ],
      [
        'bounds out of order',
        ['--pipeline', 'history', '--from', '2024-03-01', '--to', '2024-02-01'],
        /swap --from and --to/,
      ],
      [
        'an interval no backfill serves',
        [...range, '--interval', '1w'],
        /one of 1d, 1m, 5m, 15m, 30m, 1h/,
      ],
      ['an unknown format', [...range, '--format', 'xml'], /--format text or json/],
    ];
    for (const [what, args, shown] of cases) {
      it(`exits 2 with SP_ERR_CLI_USAGE and a hint for ${what}`, async () => {
        const dir = deployment();
        const result = await runCli(['backfill', ...args], { cwd: dir });

        expect(result.code).to.equal(2);
        expect(result.stderr).to.contain('SP_ERR_CLI_USAGE').and.contain('hint:').and.match(shown);
        expect(existsSync(path.join(dir, '.stockpoller'))).to.equal(false);
      });
    }

    it('exits 2 naming the provider when it serves no bars', async () => {
      const result = await runCli(
        ['backfill', '--pipeline', 'main', '--from', '2024-01-01', '--to', '2024-01-31'],
        {
          cwd: fixturePath('deployments', 'third-party'),
          env: { OUT_FILE: path.join(os.tmpdir(), 'unused.jsonl') },
        },
      );

      expect(result.code).to.equal(2);
      expect(result.stderr)
        .to.contain('SP_ERR_CLI_USAGE')
        .and.contain('provider "fixed" (plugin fixed-price) serves no bars');
    });

    it('exits 2 naming what the provider serves when it lacks the interval', async () => {
      const dir = deployment();
      writeFileSync(
        path.join(dir, 'stockpoller.yaml'),
        [
          'version: 1',
          'logLevel: silent',
          'providers: { fh: { use: finnhub, options: { apiKey: not-used, plan: free } } }',
          'transports: { out: { use: stdout } }',
          'pipelines: { history: { provider: fh, symbols: [AAA], transports: [out] } }',
        ].join('\n'),
      );

      const result = await runCli(['backfill', ...range, '--interval', '5m'], { cwd: dir });

      expect(result.code).to.equal(2);
      expect(result.stderr).to.contain('serves no "5m" bars');
    });
  });
});
