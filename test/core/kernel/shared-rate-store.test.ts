import { expect } from 'chai';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { isStockpollerError } from '../../../core/errors/index.js';
import {
  openSharedRateStore,
  sharedRateClientName,
  type SharedRateStore,
} from '../../../core/kernel/shared-rate-store.js';
import { RateLimiter } from '../../../core/runtime/rate-limiter.js';
import { recordLogs, type LoggedLine } from '../../helpers/logs.js';
import {
  connectTestRedis,
  deleteKeysUnder,
  testRedisUrl,
  uniqueKeyPrefix,
  type TestRedis,
} from '../../helpers/redis.js';
import { startTcpProxy, type TcpProxy } from '../../helpers/tcp-proxy.js';

/** A port nothing listens on: bound once, then released. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Waits until `lines` holds one with message `msg`, checking every 20 ms. */
async function logged(lines: () => LoggedLine[], msg: string): Promise<LoggedLine> {
  for (;;) {
    const found = lines().find((line) => line.msg === msg);
    if (found !== undefined) return found;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Connections to the test Redis named as the shared limiter names its own. */
async function namedConnections(redis: TestRedis): Promise<number> {
  const list = await redis.clientList();
  return list.filter((client) => client.name === sharedRateClientName).length;
}

describe('openSharedRateStore()', () => {
  let redis: TestRedis;
  let proxy: TcpProxy | undefined;
  let shared: SharedRateStore | undefined;
  const prefix = uniqueKeyPrefix();

  before(async () => {
    redis = await connectTestRedis();
  });
  afterEach(async () => {
    await shared?.close();
    shared = undefined;
    await proxy?.close();
    proxy = undefined;
  });
  after(async () => {
    await deleteKeysUnder(redis, prefix);
    redis.destroy();
  });

  it('connects under a name Redis lists, and closes, safely twice', async () => {
    const before = await namedConnections(redis);
    const log = pino({ level: 'silent' });
    const opened = await openSharedRateStore({
      redisUrl: testRedisUrl,
      budgetKey: `${prefix}:close`,
      label: 'market',
      log,
    });
    expect(await namedConnections(redis)).to.equal(before + 1);
    await opened.close();
    await opened.close();
    expect(await namedConnections(redis)).to.equal(before);
  });

  it('fails naming rateLimits.shared.redisUrl, and never the password, when Redis is absent', async () => {
    const port = await freePort();
    const failure = await openSharedRateStore({
      redisUrl: `redis://default:hunter2-secret@127.0.0.1:${port}`,
      budgetKey: `${prefix}:absent`,
      label: 'market',
      log: pino({ level: 'silent' }),
    }).catch((error: unknown) => error);

    expect(isStockpollerError(failure) && failure.code).to.equal('SP_ERR_PLUGIN_START_FAILED');
    const { message, hint } = failure as { message: string; hint: string };
    expect(message).to.contain('ECONNREFUSED').and.not.contain('hunter2');
    expect(hint).to.contain('providers.market.rateLimits.shared.redisUrl');
  });

  it('holds calls while Redis is away, warns, and lets them start once it is back', async () => {
    proxy = await startTcpProxy(6379);
    const { log, lines } = recordLogs();
    shared = await openSharedRateStore({
      redisUrl: `redis://127.0.0.1:${proxy.port}`,
      budgetKey: `${prefix}:outage`,
      label: 'market',
      log,
    });
    const limiter = new RateLimiter({ limits: { perSecond: 50 }, store: shared.store });
    await limiter.acquire();

    await proxy.down();
    let started = false;
    const held = limiter.acquire().then(() => (started = true));
    const warning = await logged(lines, 'shared rate limit store failing, holding calls');
    expect(warning).to.include({ level: 40, budget: `${prefix}:outage` });
    expect(started).to.equal(false);

    await proxy.up();
    await held;
    const recovered = await logged(lines, 'shared rate limit store reachable again');
    expect(recovered.level).to.equal(30);
    expect((await limiter.state()).windows[0]?.used).to.equal(2);
  });
});
