import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { runBin, runCli } from '../../helpers/cli.js';
import {
  connectTestRedis,
  deleteKeysUnder,
  keysUnder,
  type TestRedis,
} from '../../helpers/redis.js';
import { startPolygonFake, type PolygonFake } from '../../plugins/provider-polygon/fake-api.js';
import { unwritableFolder } from '../runtime/backfill-fixtures.js';
import {
  args,
  barsIn,
  chunkCalls,
  dailySeries,
  deployment,
  signalAtFirstProgress,
} from './backfill-polygon-fixtures.js';

/** The manifest lines of a redis cache `shared` under `namespace`, and a memory cache `local`. */
function caches(namespace: string): string[] {
  return [
    'caches:',
    `  shared: { use: redis, options: { url: "redis://127.0.0.1:6379", namespace: ${namespace} } }`,
    '  local: { use: memory }',
  ];
}

describe('stockpoller backfill checkpoint places', () => {
  let fake: PolygonFake;
  let redis: TestRedis;
  let namespace: string;
  const series = dailySeries();

  before(async () => {
    redis = await connectTestRedis();
    fake = await startPolygonFake();
    fake.aggregates.set('1/day', series);
    fake.pageSize = 100;
  });

  beforeEach(() => {
    namespace = `sp-test-${randomUUID()}`;
  });

  afterEach(async () => {
    await deleteKeysUnder(redis, namespace);
  });

  after(async () => {
    await fake.close();
    await redis.close();
  });

  it('keeps history out of the result cache, even with cacheTtlSeconds set', async () => {
    const limits = ', cacheTtlSeconds: 60, failedCacheTtlSeconds: 60';
    const dir = deployment(fake, { limits, logLevel: 'warn', extra: caches(namespace) });

    const result = await runBin([...args, '--checkpoint-cache', 'shared'], { cwd: dir });

    expect(result.code, result.stderr).to.equal(0);
    const keys = await keysUnder(redis, namespace);
    expect(keys).to.have.length(1);
    expect(keys[0]).to.match(/:sp:backfill:history:[0-9a-f]{12}$/);
  });

  describe('--checkpoint-cache', () => {
    it('keeps the checkpoint in Redis without a TTL, and an interrupted run resumes from it', async () => {
      const extra = caches(namespace);
      const limits = ', rateLimits: { perSecond: 4 }';
      const dir = deployment(fake, { limits, logLevel: 'warn', extra });
      const since = fake.requests.length;
      const trigger = signalAtFirstProgress('SIGINT');

      const interrupted = await runBin([...args, '--checkpoint-cache', 'shared'], {
        cwd: dir,
        onStderr: trigger.onStderr,
      });

      expect(interrupted.code, interrupted.stderr).to.equal(130);
      expect(interrupted.stdout).to.match(/checkpoint: cache "shared" key sp:backfill:history:/);
      expect(existsSync(path.join(dir, '.stockpoller'))).to.equal(false);
      const keys = await keysUnder(redis, namespace);
      expect(keys).to.have.length(1);
      const [key] = keys as [string];
      // Under the cache's namespace (which keyv and @keyv/redis both put in front).
      expect(key.startsWith(`${namespace}:`)).to.equal(true);
      expect(key).to.match(/:sp:backfill:history:[0-9a-f]{12}$/);
      expect(await redis.pTTL(key)).to.equal(-1);
      const fetchedBefore = chunkCalls(fake, since);
      expect(fetchedBefore.length).to.be.within(1, 7);

      // A new process, as a Job's next pod would be: only Redis remembers.
      deployment(fake, { logLevel: 'silent', extra }, dir);
      const resumedFrom = fake.requests.length;
      const resumed = await runCli([...args, '--checkpoint-cache', 'shared', '--format', 'json'], {
        cwd: dir,
      });

      expect(resumed.code, resumed.stderr).to.equal(0);
      const fetchedAfter = chunkCalls(fake, resumedFrom);
      expect(fetchedAfter).to.have.length(8 - fetchedBefore.length);
      expect(fetchedAfter.filter((call) => fetchedBefore.includes(call))).to.deep.equal([]);
      const summary = JSON.parse(resumed.stdout) as { chunks: Record<string, number> };
      expect(summary.chunks).to.include({ skipped: fetchedBefore.length, failed: 0 });
      const bars = barsIn(dir);
      expect(bars).to.have.length(2 * series.length);
      expect(new Set(bars).size).to.equal(bars.length);
    });

    const mistakes: [string, string[], RegExp][] = [
      [
        'it is given with --checkpoint',
        ['--checkpoint-cache', 'shared', '--checkpoint', 'bf.json'],
        /pass one of them: --checkpoint FILE for a file, --checkpoint-cache NAME/,
      ],
      [
        'it names no cache',
        ['--checkpoint-cache', 'redis'],
        /names no cache.*\n.*declared caches: shared, local/,
      ],
      [
        'it names a memory cache',
        ['--checkpoint-cache', 'local'],
        /emptied when the process ends.*\n.*redis plugin/,
      ],
    ];
    for (const [what, flags, shown] of mistakes) {
      it(`exits 2 with SP_ERR_CLI_USAGE and a hint when ${what}`, async () => {
        const dir = deployment(fake, { logLevel: 'silent', extra: caches(namespace) });
        const since = fake.requests.length;

        const result = await runCli([...args, ...flags], { cwd: dir });

        expect(result.code).to.equal(2);
        expect(result.stderr).to.contain('SP_ERR_CLI_USAGE').and.contain('hint:').and.match(shown);
        expect(fake.requests.length).to.equal(since);
      });
    }
  });

  describe('--checkpoint', () => {
    it('fails before any call when the checkpoint cannot be written', async () => {
      const dir = deployment(fake, { logLevel: 'silent' });
      const since = fake.requests.length;
      const file = path.join(unwritableFolder(), 'bf.json');

      const result = await runCli([...args, '--checkpoint', file], { cwd: dir });

      expect(result.code).to.equal(1);
      expect(result.stderr)
        .to.contain('SP_ERR_BACKFILL_CHECKPOINT')
        .and.contain('--checkpoint FILE')
        .and.contain('--checkpoint-cache NAME');
      expect(fake.requests.length).to.equal(since);
      expect(existsSync(path.join(dir, 'out.jsonl'))).to.equal(false);
    });
  });
});
