import { expect } from 'chai';
import { runCallerProcesses } from '../../helpers/caller-processes.js';
import type { CallerPlan } from '../../helpers/limited-caller.js';
import { startLimitedServer, type LimitedServer } from '../../helpers/limited-server.js';
import {
  connectTestRedis,
  deleteKeysUnder,
  testRedisUrl,
  uniqueKeyPrefix,
  type TestRedis,
} from '../../helpers/redis.js';

describe('RedisRateLimiterStore shared by processes', () => {
  let redis: TestRedis;
  let server: LimitedServer | undefined;
  const prefix = uniqueKeyPrefix();

  before(async () => {
    redis = await connectTestRedis();
  });
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });
  after(async () => {
    await deleteKeysUnder(redis, prefix);
    redis.destroy();
  });

  it('keeps three processes within 10/s together, with no 429, using most of the budget', async () => {
    server = await startLimitedServer([{ limit: 10, windowMs: 1000 }]);
    const plan: CallerPlan = {
      url: server.url,
      limits: { perSecond: 10 },
      durationMs: 3000,
      concurrency: 4,
      // Wide enough for the scheduling delays of a loaded test machine.
      marginMs: 300,
      redisUrl: testRedisUrl,
      budgetKey: `${prefix}:simulated:3proc`,
    };
    const reports = await runCallerProcesses([plan, plan, plan]);

    expect(server.rejected(), '429 answers').to.equal(0);
    expect(server.peak(1000), 'most requests in any 1 s').to.be.at.most(10);
    // Windows starting at 0, 1 and 2 s allow 30; processes starting a little apart may miss some.
    const accepted = server.accepted.length;
    expect(accepted).to.be.within(24, 30);
    // Each process got a share: none was starved by the others.
    for (const report of reports) expect(report.accepted).to.be.greaterThan(2);
    expect(reports.reduce((sum, r) => sum + r.accepted, 0)).to.equal(accepted);
  });
});
