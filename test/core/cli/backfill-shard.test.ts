import { expect } from 'chai';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Bar, Envelope } from '../../../core/contract/types.js';
import { shardOfSymbol, symbolsOnShard } from '../../../core/runtime/shard.js';
import { runCli } from '../../helpers/cli.js';

const symbols = ['AAA', 'BBB', 'CCC', 'DDD', 'EEE', 'FFF', 'GGG', 'HHH'];
const range = ['--pipeline', 'history', '--from', '2024-01-01', '--to', '2024-12-31'];

/** The simulated provider feeding a file transport that writes out.jsonl. */
function deployment(pipelineSymbols: readonly string[] = symbols): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sp-backfill-shard-'));
  writeFileSync(
    path.join(dir, 'stockpoller.yaml'),
    [
      'version: 1',
      'logLevel: silent',
      'providers: { sim: { use: simulated, options: {} } }',
      `transports: { out: { use: file, options: { path: ${JSON.stringify(path.join(dir, 'out.jsonl'))} } } }`,
      'pipelines:',
      `  history: { provider: sim, symbols: [${pipelineSymbols.join(', ')}], barInterval: 1d, transports: [out] }`,
    ].join('\n'),
  );
  return dir;
}

function symbolsPublished(dir: string): string[] {
  const file = path.join(dir, 'out.jsonl');
  if (!existsSync(file)) return [];
  const lines = readFileSync(file, 'utf8').trim().split('\n');
  return [...new Set(lines.map((line) => (JSON.parse(line) as Envelope<Bar>).record.symbol))];
}

describe('stockpoller backfill --shard', () => {
  it("backfills only each shard's symbols, every symbol once, with a checkpoint per shard", async () => {
    const dir = deployment();
    const seen: string[] = [];

    for (const index of [0, 1, 2]) {
      const before = symbolsPublished(dir).length;
      const result = await runCli(
        ['backfill', ...range, '--shard', `${index}/3`, '--format', 'json'],
        {
          cwd: dir,
        },
      );

      expect(result.code, result.stderr).to.equal(0);
      const expected = symbolsOnShard(symbols, { index, count: 3 });
      expect(JSON.parse(result.stdout)).to.deep.include({ symbols: expected.length });
      const published = symbolsPublished(dir).slice(before);
      expect(published.sort()).to.deep.equal([...expected].sort());
      seen.push(...published);
    }

    expect(seen.sort()).to.deep.equal(symbols);
    expect(readdirSync(path.join(dir, '.stockpoller'))).to.have.length(3);
  });

  it('takes the shard from STOCKPOLLER_SHARDS and the pod ordinal, as run does', async () => {
    const dir = deployment();
    const env = { STOCKPOLLER_SHARDS: '3', HOSTNAME: 'stockpoller-backfill-1' };

    const result = await runCli(['backfill', ...range], { cwd: dir, env });

    expect(result.code, result.stderr).to.equal(0);
    const expected = symbolsOnShard(symbols, { index: 1, count: 3 });
    expect(symbolsPublished(dir).sort()).to.deep.equal([...expected].sort());
    // Another shard of the same backfill does not take this one's checkpoint for its own.
    const other = await runCli(['backfill', ...range, '--shard', '2/3', '--format', 'json'], {
      cwd: dir,
    });
    expect(JSON.parse(other.stdout)).to.deep.include({ status: 'complete' });
  });

  it('does nothing, and exits 0, on a shard without symbols', async () => {
    const dir = deployment(['AAA']);
    const empty = shardOfSymbol('AAA', 2) === 0 ? 1 : 0;

    const result = await runCli(
      ['backfill', ...range, '--shard', `${empty}/2`, '--format', 'json'],
      {
        cwd: dir,
      },
    );

    expect(result.code, result.stderr).to.equal(0);
    expect(JSON.parse(result.stdout)).to.deep.include({ symbols: 0, bars: 0 });
    expect(symbolsPublished(dir)).to.deep.equal([]);
  });

  it('exits 2 with SP_ERR_CLI_USAGE for a shard that is not INDEX/COUNT', async () => {
    const result = await runCli(['backfill', ...range, '--shard', '3/3'], { cwd: deployment() });

    expect(result.code).to.equal(2);
    expect(result.stderr).to.contain('SP_ERR_CLI_USAGE').and.contain('indexes start at 0');
  });
});
