import { expect } from 'chai';
import { hardCapMs } from '../../../core/cli/commands/run-shutdown.js';
import { runBin, runCli } from '../../helpers/cli.js';
import { fixturePath } from '../../helpers/fixtures.js';
import { startPolygonFake, type PolygonFake } from '../../plugins/provider-polygon/fake-api.js';
import {
  args,
  barsIn,
  checkpointOf,
  chunkCalls,
  dailySeries,
  deployment,
  holdChunksAfterFirst,
  signalAtFirstProgress,
} from './backfill-polygon-fixtures.js';

describe('stockpoller backfill against the Polygon fake', () => {
  let fake: PolygonFake;
  const series = dailySeries();

  before(async () => {
    fake = await startPolygonFake();
    fake.aggregates.set('1/day', series);
    fake.pageSize = 100;
  });

  after(async () => {
    await fake.close();
  });

  it('asks for each yearly chunk, follows next_url pages, and publishes every bar once', async () => {
    const dir = deployment(fake, { logLevel: 'silent' });
    const since = fake.requests.length;

    const result = await runCli(args, { cwd: dir });

    expect(result.code, result.stderr).to.equal(0);
    expect(chunkCalls(fake, since).sort()).to.deep.equal([
      'AAPL 2022-01-03',
      'AAPL 2023-01-01',
      'AAPL 2024-01-01',
      'AAPL 2025-01-01',
      'MSFT 2022-01-03',
      'MSFT 2023-01-01',
      'MSFT 2024-01-01',
      'MSFT 2025-01-01',
    ]);
    const pages = fake.requests.slice(since).filter((request) => request.query.has('cursor'));
    expect(pages.length).to.be.at.least(12);
    const bars = barsIn(dir);
    expect(bars).to.have.length(2 * series.length);
    expect(new Set(bars).size).to.equal(bars.length);
  });

  it('stops after the chunk in flight on SIGINT, exits 130, and a re-run fetches only the rest', async () => {
    // Four calls a second make the run last seconds, so that the signal lands mid-way.
    const dir = deployment(fake, { limits: ', rateLimits: { perSecond: 4 }', logLevel: 'warn' });
    const since = fake.requests.length;
    const trigger = signalAtFirstProgress('SIGINT');

    const interrupted = await runBin(args, {
      cwd: dir,
      onStderr: trigger.onStderr,
    });

    expect(interrupted.code, interrupted.stderr).to.equal(130);
    expect(interrupted.stdout).to.contain('backfill history: interrupted');
    const before = checkpointOf(dir);
    const doneBefore = Object.values(before).flat().length;
    expect(doneBefore).to.be.within(1, 7);
    const fetchedBefore = chunkCalls(fake, since);
    expect(fetchedBefore).to.have.length(doneBefore);

    // The rate limit is not part of what the checkpoint identifies: lift it for the rest.
    deployment(fake, { logLevel: 'silent' }, dir);
    const resumedFrom = fake.requests.length;
    const resumed = await runCli(args, { cwd: dir });

    expect(resumed.code, resumed.stderr).to.equal(0);
    const fetchedAfter = chunkCalls(fake, resumedFrom);
    expect(fetchedAfter).to.have.length(8 - doneBefore);
    expect(fetchedAfter.filter((call) => fetchedBefore.includes(call))).to.deep.equal([]);
    const bars = barsIn(dir);
    expect(bars).to.have.length(2 * series.length);
    expect(new Set(bars).size).to.equal(bars.length);
  });
  it('exits at once on a second signal, keeping the chunks delivered before it', async () => {
    const dir = deployment(fake, { limits: ', rateLimits: { perSecond: 2 }', logLevel: 'warn' });
    let signals = 0;

    const result = await runBin(args, {
      cwd: dir,
      onStderr: (text, signal) => {
        if (signals === 0 && text.includes('"msg":"backfill progress"')) {
          signals = 1;
          signal('SIGTERM');
        } else if (signals === 1 && text.includes('backfill stopping')) {
          signals = 2;
          signal('SIGTERM');
        }
      },
    });

    expect(result.code, result.stderr).to.equal(143);
    expect(result.stderr).to.contain('second signal, exiting now');
    expect(result.stdout).to.equal('');
    expect(Object.values(checkpointOf(dir)).flat()).to.have.length(1);
  });

  describe('--grace-period', () => {
    afterEach(() => {
      fake.intercept = undefined;
    });

    it('gives up a chunk whose request the API holds once the grace period is over', async () => {
      // Every chunk after the first waits on an answer that comes only when the test ends.
      const held = holdChunksAfterFirst(fake);
      const dir = deployment(fake, { logLevel: 'warn' });
      const trigger = signalAtFirstProgress('SIGTERM');

      const result = await runBin([...args, '--grace-period', '300ms'], {
        cwd: dir,
        onStderr: trigger.onStderr,
      }).finally(held.release);

      expect(result.code, result.stderr).to.equal(143);
      expect(result.stderr).to.contain('grace period over, giving up the chunks in flight');
      expect(result.stderr).to.not.contain('backfill chunk failed');
      expect(result.stdout)
        .to.contain('backfill history: interrupted')
        .and.contain('1 done, 0 failed, 0 skipped, 0 pending, 7 not started');
      expect(Object.values(checkpointOf(dir)).flat()).to.have.length(1);
    });

    it('exits at most 2 s after the grace period when a transport never stops', async () => {
      // Every chunk after the first waits on an answer that comes only when the test ends.
      const held = holdChunksAfterFirst(fake);
      const dir = deployment(fake, {
        logLevel: 'warn',
        plugins: [fixturePath('plugins', 'shutdown.mjs')],
        transports: '{ out: { use: lifecycle, options: { stopNever: true } } }',
      });
      const trigger = signalAtFirstProgress('SIGTERM');

      const result = await runBin([...args, '--grace-period', '300ms'], {
        cwd: dir,
        onStderr: trigger.onStderr,
      }).finally(held.release);

      expect(result.code, result.stderr).to.equal(143);
      expect(Date.now() - trigger.sentAt()).to.be.below(300 + hardCapMs + 1000);
      expect(result.stderr).to.contain('grace period over, giving up the chunks in flight');
    });

    it('gives up a chunk waiting on the rate limit once the grace period is over', async () => {
      // One call a minute: the second chunk waits about a minute for the limiter.
      const limits = ', rateLimits: { perMinute: 1 }';
      const dir = deployment(fake, { limits, logLevel: 'warn' });
      fake.pageSize = 1000;
      const trigger = signalAtFirstProgress('SIGINT');

      const result = await runBin([...args, '--grace-period', '300ms'], {
        cwd: dir,
        onStderr: trigger.onStderr,
      }).finally(() => {
        fake.pageSize = 100;
      });

      expect(result.code, result.stderr).to.equal(130);
      expect(result.stderr).to.contain('grace period over');
      expect(result.stdout).to.contain('7 not started');
      expect(Object.values(checkpointOf(dir)).flat()).to.have.length(1);
    });

    it('exits 2 with a hint when it is not a duration', async () => {
      const result = await runCli([...args, '--grace-period', 'soon'], {
        cwd: deployment(fake, { logLevel: 'silent' }),
      });

      expect(result.code).to.equal(2);
      expect(result.stderr).to.contain('SP_ERR_CLI_USAGE').and.contain('500ms, 15s, 5m or 1h');
    });
  });
});
