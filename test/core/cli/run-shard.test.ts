import { expect } from 'chai';
import { runBin, runCli, type CliResult } from '../../helpers/cli.js';
import { repoRoot } from '../../helpers/fixtures.js';

/** The symbols of the quote envelopes a run printed, one JSON line each. */
function symbolsOf(result: CliResult): string[] {
  return result.stdout
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => (JSON.parse(line) as { record: { symbol: string } }).record.symbol);
}

const shipped = ['AAPL', 'AMZN', 'GOOG', 'MSFT', 'NVDA'];

describe('stockpoller run --shard', () => {
  it('splits the default manifest between two processes, each symbol printed once', async () => {
    const [first, second] = await Promise.all([
      runBin(['run', '--once', '--shard', '0/2'], { cwd: repoRoot }),
      runBin(['run', '--once', '--shard', '1/2'], { cwd: repoRoot }),
    ]);

    expect(first.code, first.stderr).to.equal(0);
    expect(second.code, second.stderr).to.equal(0);
    expect([...symbolsOf(first), ...symbolsOf(second)].sort()).to.deep.equal(shipped);
    expect(symbolsOf(first)).to.not.be.empty;
    expect(symbolsOf(second)).to.not.be.empty;
  });

  it('takes the shard from STOCKPOLLER_SHARDS and the pod name, unless --shard is given', async () => {
    const env = { STOCKPOLLER_SHARDS: '2', HOSTNAME: 'stockpoller-1' };
    const [fromPod, fromFlag, flagWins] = await Promise.all([
      runBin(['run', '--once'], { cwd: repoRoot, env }),
      runBin(['run', '--once', '--shard', '1/2'], { cwd: repoRoot }),
      runBin(['run', '--once', '--shard', '0/1'], { cwd: repoRoot, env }),
    ]);

    expect(fromPod.code, fromPod.stderr).to.equal(0);
    expect(symbolsOf(fromPod)).to.deep.equal(symbolsOf(fromFlag));
    expect(symbolsOf(fromPod).length).to.be.below(shipped.length);
    expect(symbolsOf(flagWins).sort()).to.deep.equal(shipped);
  });
});

describe('stockpoller run --shard usage', () => {
  it('exits 2 with SP_ERR_CLI_USAGE and a hint for an index not below the count', async () => {
    const result = await runCli(['run', '--once', '--shard', '2/2'], { cwd: repoRoot });

    expect(result.code).to.equal(2);
    expect(result.stderr)
      .to.contain('SP_ERR_CLI_USAGE')
      .and.contain('indexes start at 0')
      .and.contain('hint:')
      .and.not.match(/\n\s+at /);
  });

  it('exits 2 for a malformed --shard', async () => {
    const result = await runCli(['run', '--once', '--shard', 'half'], { cwd: repoRoot });

    expect(result.code).to.equal(2);
    expect(result.stderr).to.contain('SP_ERR_CLI_USAGE').and.contain('INDEX/COUNT');
  });

  it('exits 2 when STOCKPOLLER_SHARDS is set but no ordinal can be found', async () => {
    const env = { STOCKPOLLER_SHARDS: '2', HOSTNAME: 'build-box' };
    const result = await runCli(['run', '--once'], { cwd: repoRoot, env });

    expect(result.code).to.equal(2);
    expect(result.stderr).to.contain('SP_ERR_CLI_USAGE').and.contain('STOCKPOLLER_SHARD_INDEX');
  });
});
