import { expect } from 'chai';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { zonedMidnightUtc } from '../../../core/contract/time.js';
import type { Bar, Envelope } from '../../../core/contract/types.js';
import { addDays } from '../../../core/providers/index.js';
import { runBin, runCli } from '../../helpers/cli.js';
import { startPolygonFake, type PolygonFake } from '../../plugins/provider-polygon/fake-api.js';
import { testKey } from '../../plugins/provider-polygon/provider-under-test.js';

const first = '2022-01-03';
const last = '2025-03-11';
const args = ['backfill', '--pipeline', 'history', '--from', first, '--to', last];

/** One daily aggregate per weekday from `first` to `last`, stamped 00:00 New York. */
function dailySeries(): Record<string, number>[] {
  const series: Record<string, number>[] = [];
  for (let date = first; date <= last; date = addDays(date, 1)) {
    const weekday = new Date(`${date}T12:00:00Z`).getUTCDay();
    if (weekday === 0 || weekday === 6) continue;
    const price = 150 + series.length / 10;
    const t = zonedMidnightUtc(date, 'America/New_York');
    series.push({
      o: price,
      h: price + 2,
      l: price - 2,
      c: price + 1,
      v: 1e6,
      vw: price,
      n: 10,
      t,
    });
  }
  return series;
}

/** A deployment of the polygon provider pointed at the fake, writing bars to out.jsonl. */
function deployment(
  fake: PolygonFake,
  settings: { readonly limits?: string; readonly logLevel: 'silent' | 'warn' },
  dir = mkdtempSync(path.join(os.tmpdir(), 'sp-backfill-polygon-')),
): string {
  const options = `{ apiKey: ${testKey}, baseUrl: "${fake.url}", plan: starter }`;
  writeFileSync(
    path.join(dir, 'stockpoller.yaml'),
    [
      'version: 1',
      `logLevel: ${settings.logLevel}`,
      `providers: { poly: { use: polygon, options: ${options}, concurrency: 1${settings.limits ?? ''} } }`,
      `transports: { out: { use: file, options: { path: "${path.join(dir, 'out.jsonl')}" } } }`,
      'pipelines: { history: { provider: poly, symbols: [AAPL, MSFT], transports: [out] } }',
    ].join('\n'),
  );
  return dir;
}

function barsIn(dir: string): string[] {
  return readFileSync(path.join(dir, 'out.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((line) => {
      const bar = (JSON.parse(line) as Envelope<Bar>).record;
      return `${bar.symbol} ${bar.date ?? ''}`;
    });
}

function checkpointOf(dir: string): Record<string, string[]> {
  const folder = path.join(dir, '.stockpoller');
  const [name] = readdirSync(folder);
  const text = readFileSync(path.join(folder, name ?? ''), 'utf8');
  return (JSON.parse(text) as { completed: Record<string, string[]> }).completed;
}

/** First-page requests (not `next_url` cursors) as `<symbol> <from>`. */
function chunkCalls(fake: PolygonFake, since: number): string[] {
  return fake.requests
    .slice(since)
    .filter((request) => !request.query.has('cursor'))
    .map((request) => {
      const [, , , , ticker, , , , from] = request.path.split('/');
      return `${ticker ?? ''} ${from ?? ''}`;
    });
}

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
    let signalled = false;

    const interrupted = await runBin(args, {
      cwd: dir,
      onStderr: (text, signal) => {
        if (!signalled && text.includes('"msg":"backfill progress"')) {
          signalled = true;
          signal('SIGINT');
        }
      },
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
});
