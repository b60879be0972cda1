/** The Polygon fake's deployments and what the backfill tests read back from them. */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { zonedMidnightUtc } from '../../../core/contract/time.js';
import type { Bar, Envelope } from '../../../core/contract/types.js';
import { addDays } from '../../../core/providers/index.js';
import type { BinOptions } from '../../helpers/cli.js';
import type { PolygonFake } from '../../plugins/provider-polygon/fake-api.js';
import { testKey } from '../../plugins/provider-polygon/provider-under-test.js';

export const first = '2022-01-03';
export const last = '2025-03-11';
export const args = ['backfill', '--pipeline', 'history', '--from', first, '--to', last];

/** One daily aggregate per weekday from `first` to `last`, stamped 00:00 New York. */
export function dailySeries(): Record<string, number>[] {
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
export function deployment(
  fake: PolygonFake,
  settings: {
    readonly limits?: string;
    readonly logLevel: 'silent' | 'warn';
    /** More manifest lines (a `caches:` section). */
    readonly extra?: readonly string[];
    /** The pipeline's symbols. */
    readonly symbols?: readonly string[];
    /** The `transports:` mapping, instead of the `out` file transport. */
    readonly transports?: string;
    /** The `plugins:` list. */
    readonly plugins?: readonly string[];
  },
  dir = mkdtempSync(path.join(os.tmpdir(), 'sp-backfill-polygon-')),
): string {
  const options = `{ apiKey: ${testKey}, baseUrl: "${fake.url}", plan: starter }`;
  writeFileSync(
    path.join(dir, 'stockpoller.yaml'),
    [
      'version: 1',
      `logLevel: ${settings.logLevel}`,
      `plugins: [${(settings.plugins ?? []).map((p) => JSON.stringify(p)).join(', ')}]`,
      `providers: { poly: { use: polygon, options: ${options}, concurrency: 1${settings.limits ?? ''} } }`,
      `transports: ${settings.transports ?? `{ out: { use: file, options: { path: "${path.join(dir, 'out.jsonl')}" } } }`}`,
      `pipelines: { history: { provider: poly, symbols: [${(settings.symbols ?? ['AAPL', 'MSFT']).join(', ')}], transports: [out] } }`,
      ...(settings.extra ?? []),
    ].join('\n'),
  );
  return dir;
}

export function barsIn(dir: string): string[] {
  return readFileSync(path.join(dir, 'out.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((line) => {
      const bar = (JSON.parse(line) as Envelope<Bar>).record;
      return `${bar.symbol} ${bar.date ?? ''}`;
    });
}

export function checkpointOf(dir: string): Record<string, string[]> {
  const folder = path.join(dir, '.stockpoller');
  const [name] = readdirSync(folder);
  const text = readFileSync(path.join(folder, name ?? ''), 'utf8');
  return (JSON.parse(text) as { completed: Record<string, string[]> }).completed;
}

/** First-page requests (not `next_url` cursors) as `<symbol> <from>`. */
export function chunkCalls(fake: PolygonFake, since: number): string[] {
  return fake.requests
    .slice(since)
    .filter((request) => !request.query.has('cursor'))
    .map((request) => {
      const [, , , , ticker, , , , from] = request.path.split('/');
      return `${ticker ?? ''} ${from ?? ''}`;
    });
}

/**
 * An `onStderr` for `runBin` that sends `name` once, when the backfill logs its first progress
 * line (a chunk is done); `sentAt()` is then when it went (epoch ms), 0 before.
 */
export function signalAtFirstProgress(name: NodeJS.Signals): {
  readonly onStderr: NonNullable<BinOptions['onStderr']>;
  readonly sentAt: () => number;
} {
  let sentAt = 0;
  return {
    onStderr: (text, signal) => {
      if (sentAt === 0 && text.includes('"msg":"backfill progress"')) {
        sentAt = Date.now();
        signal(name);
      }
    },
    sentAt: () => sentAt,
  };
}

/**
 * Makes the fake answer the first chunk and hold the request of every later one; `release()`
 * answers the held ones 503 (call it once the process is gone).
 */
export function holdChunksAfterFirst(fake: PolygonFake): { readonly release: () => void } {
  const held: (() => void)[] = [];
  let chunksAsked = 0;
  fake.intercept = (request) => {
    if (request.query.has('cursor')) return undefined;
    chunksAsked += 1;
    if (chunksAsked === 1) return undefined;
    return new Promise((resolve) => {
      held.push(() => {
        resolve({ status: 503, body: { status: 'ERROR', error: 'test over' } });
      });
    });
  };
  return {
    release: () => {
      for (const answer of held.splice(0)) answer();
    },
  };
}
