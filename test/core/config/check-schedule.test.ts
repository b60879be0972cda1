import { expect } from 'chai';
import { prepareConfig } from '../../../core/config/prepare.js';
import type { ConfigProblem } from '../../../core/errors/index.js';
import { catchRejection } from './expect-error.js';
import { TempDirs } from './temp-dir.js';

const manifestWith = (schedule: string): string => `version: 1
providers:
  market: { use: simulated }
transports:
  console: { use: stdout }
pipelines:
  main:
    provider: market
    symbols: [AAPL]
    transports: [console]
${schedule}
`;

describe('checkSchedule()', () => {
  const dirs = new TempDirs();
  after(() => {
    dirs.removeAll();
  });

  const prepare = (schedule: string) =>
    prepareConfig({ cwd: dirs.create({ 'stockpoller.yaml': manifestWith(schedule) }), vars: {} });
  const problemsOf = async (schedule: string): Promise<readonly ConfigProblem[]> =>
    (await catchRejection(() => prepare(schedule))).problems;

  it('accepts a cron in a time zone, and an every with a shorter jitter', async () => {
    const cron = await prepare("    cron: '*/5 9-16 * * 1-5'\n    timezone: America/New_York");
    const every = await prepare('    every: 10s\n    jitter: 9s\n    align: true');

    expect(cron.manifest.pipelines.main?.timezone).to.equal('America/New_York');
    expect(every.manifest.pipelines.main?.jitter).to.equal('9s');
  });

  it('accepts the cron nicknames croner reads, in any case', async () => {
    for (const nickname of ['@hourly', '@daily', '@Weekly']) {
      const { manifest } = await prepare(`    cron: '${nickname}'`);

      expect(manifest.pipelines.main?.cron, nickname).to.equal(nickname);
    }
  });

  it('refuses a nickname croner does not read, listing the ones it does', async () => {
    const [problem] = await problemsOf("    cron: '@reboot'");

    expect(problem).to.include({ pointer: '/pipelines/main/cron', line: 11, column: 11 });
    expect(problem?.message).to.equal(
      'cron "@reboot" of pipeline "main" is not valid: it is not one of the nicknames ' +
        '@yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly',
    );
  });

  it('points at the align key when align is set with cron', async () => {
    const [problem] = await problemsOf("    cron: '0 * * * *'\n    align: true");

    expect(problem).to.include({
      code: 'SP_ERR_CONFIG_BAD_VALUE',
      pointer: '/pipelines/main/align',
      line: 12,
      column: 5,
    });
    expect(problem?.message).to.match(/sets align with cron/);
    expect(problem?.hint).to.match(/^remove align/);
  });

  it('accepts align: false with cron, which asks for nothing', async () => {
    const { manifest } = await prepare("    cron: '0 * * * *'\n    align: false");

    expect(manifest.pipelines.main?.align).to.equal(false);
  });

  it('points at the cron key when every and cron are both set', async () => {
    const [problem] = await problemsOf("    every: 15s\n    cron: '* * * * *'");

    expect(problem).to.include({ pointer: '/pipelines/main/cron', line: 12, column: 5 });
    expect(problem?.hint).to.match(/keep one of them/);
  });

  it('points at a cron value croner refuses, with its reason and the expected form', async () => {
    const [problem] = await problemsOf("    cron: '0 25 * * *'");

    expect(problem).to.include({
      code: 'SP_ERR_CONFIG_BAD_VALUE',
      pointer: '/pipelines/main/cron',
      line: 11,
      column: 11,
    });
    expect(problem?.message).to.equal(
      'cron "0 25 * * *" of pipeline "main" is not valid: invalid value for hour: 25',
    );
    expect(problem?.hint).to.include('"*/5 9-16 * * 1-5"');
  });

  it('refuses a cron that never matches a date', async () => {
    const [problem] = await problemsOf("    cron: '0 0 30 2 *'");

    expect(problem?.message).to.match(/no date has the day of month and the month/);
  });

  it('suggests the nearest time zone name, or shows the form when none is near', async () => {
    const [near] = await problemsOf('    timezone: Europe/Londn');
    const [far] = await problemsOf('    timezone: Somewhere/Else');

    expect(near).to.include({
      pointer: '/pipelines/main/timezone',
      hint: 'did you mean "Europe/London"?',
    });
    expect(far?.hint).to.match(/IANA time zone name such as America\/New_York/);
  });

  it('refuses zero intervals for polls and heartbeats', async () => {
    const problems = await problemsOf(
      '    every: 0s\n    marketHours: { exchange: XNYS, whenClosed: heartbeat, heartbeatEvery: 0ms }',
    );

    expect(problems.map((p) => p.pointer)).to.deep.equal([
      '/pipelines/main/every',
      '/pipelines/main/marketHours/heartbeatEvery',
    ]);
  });

  it('refuses a jitter that is not shorter than every, the 15 s default included', async () => {
    const [explicit] = await problemsOf('    every: 5s\n    jitter: 5s');
    const [implicit] = await problemsOf('    jitter: 20s');

    expect(explicit?.message).to.equal('jitter 5s of pipeline "main" is not shorter than every 5s');
    expect(implicit?.message).to.equal(
      'jitter 20s of pipeline "main" is not shorter than every 15s (the default)',
    );
  });

  it('leaves the jitter of a cron schedule to the user', async () => {
    const { manifest } = await prepare("    cron: '0 * * * *'\n    jitter: 2h");

    expect(manifest.pipelines.main?.jitter).to.equal('2h');
  });
});
