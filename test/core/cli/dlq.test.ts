import { expect } from 'chai';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli } from '../../helpers/cli.js';
import { fixturePath } from '../../helpers/fixtures.js';

function deployment(dlqOptions = '{ letters: 3 }'): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sp-dlq-'));
  writeFileSync(
    path.join(dir, 'stockpoller.yaml'),
    [
      'version: 1',
      'logLevel: silent',
      `plugins: [${JSON.stringify(fixturePath('plugins', 'memory-dlq.mjs'))}]`,
      'providers: { p: { use: simulated } }',
      `transports: { bus: { use: memory-dlq, options: ${dlqOptions} }, out: { use: stdout } }`,
      'pipelines: { x: { provider: p, symbols: [AAA], transports: [bus] } }',
    ].join('\n'),
  );
  return dir;
}

describe('stockpoller dlq', () => {
  it('inspect shows reason, attempts, symbol and age as a table', async () => {
    const result = await runCli(['dlq', 'inspect', '--transport', 'bus', '--limit', '2'], {
      cwd: deployment(),
    });

    expect(result.code, result.stderr).to.equal(0);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines[0]).to.match(/^ID\s+SYMBOL\s+ATTEMPTS\s+AGE\s+REASON$/);
    expect(lines[1]).to.match(/^0{32}\s+S0\s+1\s+2m\s+nacked$/);
    expect(lines[3]).to.equal('2 dead letters shown');
  });

  it('inspect prints JSON lines with --format json', async () => {
    const result = await runCli(['dlq', 'inspect', '-t', 'bus', '--format', 'json'], {
      cwd: deployment(),
    });
    const letters = result.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { symbol: string });
    expect(letters.map((l) => l.symbol)).to.deep.equal(['S0', 'S1', 'S2']);
  });

  it('redrive reports what moved, and exits 1 when some could not move', async () => {
    const ok = await runCli(['dlq', 'redrive', '-t', 'bus'], { cwd: deployment() });
    expect(ok.code, ok.stderr).to.equal(0);
    expect(ok.stdout).to.contain('moved 3 message(s) back; 0 could not be moved');

    const stuck = await runCli(['dlq', 'redrive', '-t', 'bus', '--format', 'json'], {
      cwd: deployment("{ letters: 3, stuck: ['S1'] }"),
    });
    expect(stuck.code).to.equal(1);
    expect(JSON.parse(stuck.stdout)).to.deep.equal({
      dryRun: false,
      moved: 2,
      failed: 1,
      wouldMove: 0,
    });
  });

  it('redrive --dry-run changes nothing', async () => {
    const result = await runCli(['dlq', 'redrive', '-t', 'bus', '--dry-run', '--limit', '2'], {
      cwd: deployment(),
    });
    expect(result.stdout).to.contain('dry run: 2 message(s) would move back; nothing changed');
  });

  it('exits 2 for a transport without a dead-letter queue, an unknown one, or a bad limit', async () => {
    const dir = deployment();
    const none = await runCli(['dlq', 'inspect', '-t', 'out'], { cwd: dir });
    expect(none.code).to.equal(2);
    expect(none.stderr).to.contain('has no dead-letter queue');

    const unknown = await runCli(['dlq', 'inspect', '-t', 'buss'], { cwd: dir });
    expect(unknown.stderr).to.contain('did you mean "bus"?');

    const limit = await runCli(['dlq', 'inspect', '-t', 'bus', '--limit', 'all'], { cwd: dir });
    expect(limit.code).to.equal(2);
    expect(limit.stderr).to.contain('--limit');
  });
});
