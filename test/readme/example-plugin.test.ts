import { expect } from 'chai';
import { mkdtempSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { runBin } from '../helpers/cli.js';
import { repoRoot } from '../helpers/fixtures.js';

/** The README's example plugin: the js code block that starts with `// quotes-api.mjs`. */
function readmeExample(): string {
  const readme = readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
  const match = /```js\n(\/\/ quotes-api\.mjs\n[\s\S]*?)```/.exec(readme);
  if (match?.[1] === undefined) throw new Error('README.md has no quotes-api.mjs example');
  return match[1];
}

describe('README example plugin', () => {
  let server: Server;
  let dir: string;
  const seenKeys: (string | undefined)[] = [];

  before(async () => {
    server = createServer((request: IncomingMessage, response) => {
      const key = request.headers['x-api-key'] as string | undefined;
      seenKeys.push(key);
      if (key !== 'k-123') {
        response.writeHead(401).end('{"error":"bad key"}');
        return;
      }
      const url = new URL(request.url ?? '/', 'http://127.0.0.1');
      const prices: Record<string, number> = { AAA: 10.5, BBB: 20 };
      const symbols = (url.searchParams.get('symbols') ?? '').split(',');
      const body = Object.fromEntries(
        symbols.filter((s) => s in prices).map((s) => [s, prices[s]]),
      );
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;

    dir = mkdtempSync(path.join(os.tmpdir(), 'sp-readme-'));
    mkdirSync(path.join(dir, 'node_modules'));
    // The example imports 'stockpoller', as a plugin package would: link this checkout.
    symlinkSync(repoRoot, path.join(dir, 'node_modules', 'stockpoller'), 'dir');
    writeFileSync(path.join(dir, 'quotes-api.mjs'), readmeExample());
    writeFileSync(
      path.join(dir, 'stockpoller.yaml'),
      [
        'version: 1',
        'logLevel: silent',
        'plugins: [./quotes-api.mjs]',
        'secretStores: { env: { use: env } }',
        `providers: { api: { use: quotes-api, options: { baseUrl: "http://127.0.0.1:${port}", apiKey: "\${secret:quotes/api-key}" } } }`,
        'transports: { out: { use: stdout, options: { format: record } } }',
        'pipelines: { main: { provider: api, symbols: [AAA, BBB, CCC], transports: [out] } }',
      ].join('\n'),
    );
  });

  after(() => {
    server.close();
  });

  it('publishes quotes for the symbols the API prices and fails the others', async () => {
    const result = await runBin(['run', '--once'], { cwd: dir, env: { QUOTES_API_KEY: 'k-123' } });

    expect(result.code, result.stderr).to.equal(1);
    const records = result.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { symbol: string; price: number; currency: string });
    expect(records.map((r) => [r.symbol, r.price, r.currency])).to.deep.equal([
      ['AAA', 10.5, 'USD'],
      ['BBB', 20, 'USD'],
    ]);
    expect(seenKeys.at(-1)).to.equal('k-123');
  });

  it('fails every symbol on a rejected key without printing the key', async () => {
    const result = await runBin(['run', '--once'], {
      cwd: dir,
      env: { QUOTES_API_KEY: 'wrong-key-456' },
    });

    expect(result.code).to.equal(1);
    expect(result.stdout).to.equal('');
    expect(result.stderr).to.not.contain('wrong-key-456');
  });

  it('refuses a manifest whose options break the plugin schema', async () => {
    writeFileSync(
      path.join(dir, 'bad.yaml'),
      readFileSync(path.join(dir, 'stockpoller.yaml'), 'utf8').replace('baseUrl', 'baseURL'),
    );
    const { code, stderr } = await runBin(['validate-config', '--config', 'bad.yaml'], {
      cwd: dir,
    });

    expect(code).to.equal(1);
    expect(stderr).to.contain('SP_ERR_CONFIG_UNKNOWN_KEY').and.contain('did you mean "baseUrl"?');
  });
});
