import { expect } from 'chai';
import { runCli } from '../../helpers/cli.js';
import { fixturePath, repoRoot } from '../../helpers/fixtures.js';

const productionVars = { SIMULATED_SEED: '11', POLL_INTERVAL: '20s', POLYGON_PLAN: 'starter' };

describe('stockpoller validate-config', () => {
  it('accepts the shipped manifest without an overlay', async () => {
    const result = await runCli(['validate-config'], { cwd: repoRoot });
    expect(result.code, result.stderr).to.equal(0);
    expect(result.stdout).to.contain('valid').and.contain('stockpoller.yaml');
  });

  for (const env of ['development', 'staging', 'production']) {
    it(`accepts the shipped manifest with the ${env} overlay when its variables are set`, async () => {
      const result = await runCli(['validate-config', '--env', env, '--format', 'json'], {
        cwd: repoRoot,
        env: productionVars,
      });
      expect(result.code, result.stderr).to.equal(0);
      expect(JSON.parse(result.stdout)).to.deep.equal({ valid: true, errors: [] });
    });
  }

  it('takes the environment from STOCKPOLLER_ENV and names the unset variable', async () => {
    const result = await runCli(['validate-config', '--format', 'json'], {
      cwd: repoRoot,
      env: { STOCKPOLLER_ENV: 'production', POLL_INTERVAL: '20s' },
    });
    expect(result.code).to.equal(1);
    const report = JSON.parse(result.stdout) as {
      errors: { code: string; file: string; message: string }[];
    };
    expect(report.errors[0]).to.include({
      code: 'SP_ERR_CONFIG_UNSET_VARIABLE',
      file: 'configs/production.yaml',
    });
    expect(report.errors[0]?.message).to.contain('POLYGON_PLAN');
  });

  it('lists the overlays that exist when the environment is unknown', async () => {
    const result = await runCli(['validate-config', '--env', 'prod'], { cwd: repoRoot });
    expect(result.code).to.equal(1);
    expect(result.stderr).to.contain('SP_ERR_CONFIG_UNKNOWN_ENV').and.contain('production');
  });

  it('takes the manifest from STOCKPOLLER_CONFIG', async () => {
    const config = fixturePath('deployments', 'third-party', 'stockpoller.yaml');
    const result = await runCli(['validate-config'], {
      cwd: repoRoot,
      env: { STOCKPOLLER_CONFIG: config, OUT_FILE: '/tmp/x.jsonl' },
    });
    expect(result.code, result.stderr).to.equal(0);
  });

  it('accepts several pipelines with an interval, a cron and a cron nickname', async () => {
    const config = fixturePath('config', 'several-pipelines', 'stockpoller.yaml');
    const result = await runCli(['validate-config', '--config', config, '--format', 'json'], {
      cwd: repoRoot,
      env: { OUT_DIR: '/tmp' },
    });

    expect(result.code, result.stderr).to.equal(0);
    expect(JSON.parse(result.stdout)).to.deep.equal({ valid: true, errors: [] });
  });

  it('prints plain text without colour when not on a TTY', async () => {
    const result = await runCli(['validate-config', '--env', 'nope'], { cwd: repoRoot });
    expect(result.stderr).to.not.contain('\u001b[');
  });

  it('colours text on a TTY unless NO_COLOR is set', async () => {
    const coloured = await runCli(['validate-config', '--env', 'nope'], {
      cwd: repoRoot,
      tty: true,
    });
    expect(coloured.stderr).to.contain('\u001b[31m');
    const plain = await runCli(['validate-config', '--env', 'nope'], {
      cwd: repoRoot,
      tty: true,
      env: { NO_COLOR: '1' },
    });
    expect(plain.stderr).to.not.contain('\u001b[');
  });

  it('exits 2 for an unknown option', async () => {
    const result = await runCli(['validate-config', '--formt', 'json'], { cwd: repoRoot });
    expect(result.code).to.equal(2);
    expect(result.stderr).to.contain('unknown option');
  });

  it('exits 2 for an unknown format', async () => {
    const result = await runCli(['validate-config', '--format', 'xml'], { cwd: repoRoot });
    expect(result.code).to.equal(2);
  });
});
