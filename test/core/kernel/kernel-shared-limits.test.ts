import { expect } from 'chai';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { prepareConfig } from '../../../core/config/prepare.js';
import { createContainer } from '../../../core/kernel/container.js';
import { Kernel } from '../../../core/kernel/kernel.js';
import type { DeferredRateGate } from '../../../core/kernel/rate-gates.js';
import {
  connectTestRedis,
  deleteKeysUnder,
  keysUnder,
  testRedisUrl,
  uniqueKeyPrefix,
  type TestRedis,
} from '../../helpers/redis.js';

/**
 * A deployment whose finnhub instances keep their budget (2 a minute) in Redis; `keys` maps
 * labels to API keys as written in YAML (a value or a secret reference).
 */
function manifestYaml(keyPrefix: string, redisUrl: string, keys: Record<string, string>): string {
  const providers = Object.entries(keys).map(
    ([label, apiKey]) => `  ${label}:
    use: finnhub
    options: { apiKey: ${apiKey} }
    rateLimits:
      perMinute: 2
      perSecond: 0
      shared: { redisUrl: "${redisUrl}", keyPrefix: "${keyPrefix}" }`,
  );
  const first = Object.keys(keys)[0] ?? '';
  return `version: 1
logLevel: silent
secretStores:
  env: { use: env }
providers:
${providers.join('\n')}
transports:
  out: { use: stdout }
pipelines:
  quotes: { provider: ${first}, symbols: [AAPL], transports: [out] }
`;
}

describe('Kernel with rateLimits.shared', () => {
  let redis: TestRedis;
  let folder: string;
  const kernels: Kernel[] = [];
  const prefix = uniqueKeyPrefix();

  before(async () => {
    redis = await connectTestRedis();
    folder = await mkdtemp(path.join(tmpdir(), 'stockpoller-shared-'));
  });
  afterEach(async () => {
    for (const kernel of kernels.splice(0)) await kernel.stop();
  });
  after(async () => {
    await deleteKeysUnder(redis, prefix);
    redis.destroy();
    await rm(folder, { recursive: true, force: true });
  });

  /** Validates the manifest as `stockpoller run` would, then starts a kernel (a replica) on it. */
  async function startReplica(name: string, yaml: string): Promise<Kernel> {
    const configPath = path.join(folder, `${name}.yaml`);
    await writeFile(configPath, yaml);
    const prepared = await prepareConfig({ configPath, cwd: folder, vars: {} });
    const container = createContainer(prepared, { logger: pino({ level: 'silent' }) });
    const kernel = container.resolve(Kernel);
    kernels.push(kernel);
    await kernel.start();
    return kernel;
  }

  const gateOf = (kernel: Kernel, label: string): DeferredRateGate =>
    kernel.rateGate(label) as DeferredRateGate;

  it('gives replicas and instances with one API key one budget, and other keys their own', async () => {
    const one = await startReplica(
      'one',
      manifestYaml(prefix, testRedisUrl, { a: 'key-one', c: 'key-two' }),
    );
    const two = await startReplica('two', manifestYaml(prefix, testRedisUrl, { b: 'key-one' }));

    await gateOf(one, 'a').acquire();
    await gateOf(one, 'a').acquire();
    // The replica's instance on the same key finds the minute spent; the other key does not.
    const onB = await gateOf(two, 'b').armed?.state();
    expect(onB?.windows[0]).to.include({ name: 'minute', used: 2 });
    await gateOf(one, 'c').acquire();
    expect((await gateOf(one, 'c').armed?.state())?.windows[0]).to.include({ used: 1 });

    const controller = new AbortController();
    const held = gateOf(two, 'b')
      .acquire(1, controller.signal)
      .catch((error: unknown) => error);
    expect((await gateOf(two, 'b').armed?.state())?.waiters).to.equal(1);
    controller.abort(new Error('test over'));
    expect(await held).to.have.property('message', 'test over');

    const keys = await keysUnder(redis, prefix);
    const budgets = new Set(keys.map((key) => /^(.*:finnhub:[0-9a-f]{16}):/.exec(key)?.[1]));
    expect(budgets.size).to.equal(2);
    expect(budgets.has(undefined)).to.equal(false);
    expect(keys.join(' ')).to.not.contain('key-one').and.not.contain('key-two');
  });

  it('resolves secret references in redisUrl, and names the budget by the resolved API key', async () => {
    process.env.STOCKPOLLER_TEST_REDIS_URL = testRedisUrl;
    process.env.STOCKPOLLER_TEST_API_KEY = 'key-secret';
    const yaml = manifestYaml(prefix, '${secret:stockpoller-test/redis-url}', {
      s: '"${secret:stockpoller-test/api-key}"',
    });
    try {
      const viaSecrets = await startReplica('secrets', yaml);
      const plainYaml = manifestYaml(prefix, testRedisUrl, { p: 'key-secret' });
      const plain = await startReplica('plain', plainYaml);

      await gateOf(viaSecrets, 's').acquire();
      expect((await gateOf(plain, 'p').armed?.state())?.windows[0]).to.include({ used: 1 });
    } finally {
      delete process.env.STOCKPOLLER_TEST_REDIS_URL;
      delete process.env.STOCKPOLLER_TEST_API_KEY;
    }
  });

  it('widens every window by the default 100 ms margin', async () => {
    const kernel = await startReplica('margin', manifestYaml(prefix, testRedisUrl, { m: 'key-m' }));
    expect(gateOf(kernel, 'm').armed?.windows).to.deep.equal([
      { name: 'minute', limit: 2, windowMs: 60_100 },
    ]);
  });

  it('fails to start with SP_ERR_PLUGIN_START_FAILED naming the setting when Redis is absent', async () => {
    const yaml = manifestYaml(prefix, 'redis://127.0.0.1:1', { down: 'key-down' });
    const failure = await startReplica('down', yaml).catch((error: unknown) => error);
    expect(failure).to.include({ code: 'SP_ERR_PLUGIN_START_FAILED' });
    expect(failure)
      .to.have.property('hint')
      .that.contains('providers.down.rateLimits.shared.redisUrl');
  });
});
