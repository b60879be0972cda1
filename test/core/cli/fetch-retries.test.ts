import { expect } from 'chai';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runBin, runCli } from '../../helpers/cli.js';
import { startFinnhubFake, type FinnhubFake } from '../../plugins/provider-finnhub/fake-api.js';

/** A deployment whose provider is Finnhub's fake, retried quickly. */
function deploymentOn(fake: FinnhubFake, extra: Record<string, unknown> = {}): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sp-fetch-retry-'));
  const provider = {
    use: 'finnhub',
    options: { apiKey: 'key-ok', baseUrl: `${fake.url}/api/v1` },
    retry: { maxAttempts: 3, initialDelay: '1ms', maxDelay: '2ms' },
    ...extra,
  };
  writeFileSync(
    path.join(dir, 'stockpoller.yaml'),
    [
      'version: 1',
      'logLevel: silent',
      `providers: { market: ${JSON.stringify(provider)} }`,
      'transports: { t: { use: stdout } }',
      'pipelines: { x: { provider: market, symbols: [AAPL], transports: [t] } }',
    ].join('\n'),
  );
  return dir;
}

describe('stockpoller fetch', () => {
  let fake: FinnhubFake;

  beforeEach(async () => {
    fake = await startFinnhubFake();
  });

  afterEach(async () => {
    await fake.close();
  });

  it('retries a provider that failed for a moment and exits 0', async () => {
    let failures = 2;
    fake.override(() => (failures-- > 0 ? { status: 503, body: { error: 'busy' } } : undefined));
    const result = await runCli(['fetch', '--provider', 'market', 'AAPL'], {
      cwd: deploymentOn(fake),
    });

    expect(result.code, result.stderr).to.equal(0);
    expect(JSON.parse(result.stdout)).to.include({ symbol: 'AAPL' });
    expect(fake.requests.filter((r) => r.path.endsWith('/quote'))).to.have.length(3);
  });

  it('stays alive while a call waits for its rate-limit slot, and exits 0', async () => {
    // A process with nothing left but a wait for the next slot must not end early (exit 13).
    const dir = deploymentOn(fake, { rateLimits: { perSecond: 1 } });
    const result = await runBin(['fetch', '--provider', 'market', 'AAPL', 'MSFT'], { cwd: dir });

    expect(result.code, result.stderr).to.equal(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines.map((line) => (JSON.parse(line) as { symbol: string }).symbol)).to.deep.equal([
      'AAPL',
      'MSFT',
    ]);
  });

  it('prints the last failure once the attempts run out and exits 1', async () => {
    fake.override(() => ({ status: 503, body: { error: 'busy' } }));
    const result = await runCli(['fetch', '--provider', 'market', 'AAPL'], {
      cwd: deploymentOn(fake),
    });

    expect(result.code).to.equal(1);
    expect(result.stdout + result.stderr).to.contain('SP_ERR_PROVIDER_UNAVAILABLE');
    expect(fake.requests).to.have.length(3);
  });
});
