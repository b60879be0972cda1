import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { pino, type Logger } from 'pino';
import type { Bar } from '../../../core/contract/types.js';
import type { BarRequest, ProviderInstance } from '../../../core/plugins/types.js';
import {
  addDays,
  dailyBarTimestamp,
  parseBarWindow,
  providerFailure,
} from '../../../core/providers/index.js';
import {
  BackfillCheckpoint,
  type BackfillIdentity,
} from '../../../core/runtime/backfill-checkpoint.js';
import type { BackfillJob } from '../../../core/runtime/backfill.js';
import { fileCheckpointStore } from '../../../core/runtime/backfill-checkpoint-store.js';
import { chunkSpanOf, planChunks } from '../../../core/runtime/backfill-plan.js';
import { TransportQueue } from '../../../core/runtime/transport-queue.js';
import { recordingTransport, testBufferPolicy } from './runtime-fixtures.js';

/** The instant every backfill test runs at, unless it says otherwise. */
export const backfillNow = Date.parse('2026-03-10T22:00:00.000Z');

const silent = pino({ level: 'silent' });

/** A provider serving one daily bar per weekday, counting calls and bars in flight. */
export interface FakeBarProvider extends ProviderInstance {
  readonly requests: BarRequest[];
  /** Most fetchBars calls that were in flight at once. */
  readonly maxInFlight: number;
}

/** What {@link fakeBarProvider} does besides answering. */
export interface FakeBarBehaviour {
  /** Called before each answer; may throw (a failed call) or wait (a slow one). */
  readonly before?: (request: BarRequest, callNumber: number) => Promise<void> | void;
  /** Rewrites the bars of an answer (to make some invalid, or add a forming bar). */
  readonly rewrite?: (bars: Bar[], request: BarRequest) => Bar[];
}

/** Daily bars stamped 00:00 New York, weekdays only, prices from the date and symbol. */
export function fakeBarProvider(behaviour: FakeBarBehaviour = {}): FakeBarProvider {
  const requests: BarRequest[] = [];
  let inFlight = 0;
  const provider = {
    requests,
    maxInFlight: 0,
    capabilities: {
      quote: false,
      maxSymbolsPerCall: 1,
      dailyBars: true,
      intradayIntervals: [],
      rateLimits: {},
    },
    fetchQuotes: () => Promise.resolve([]),
    async fetchBars(request: BarRequest): Promise<Bar[]> {
      requests.push(request);
      inFlight += 1;
      provider.maxInFlight = Math.max(provider.maxInFlight, inFlight);
      try {
        await behaviour.before?.(request, requests.length);
        const bars = dailyBarsOf(request);
        return behaviour.rewrite?.(bars, request) ?? bars;
      } finally {
        inFlight -= 1;
      }
    },
  };
  return provider;
}

function dailyBarsOf(request: BarRequest): Bar[] {
  const window = parseBarWindow(request, { provider: 'fake', intervals: ['1d'] });
  const bars: Bar[] = [];
  for (let date = window.fromDate; date <= window.toDate; date = addDays(date, 1)) {
    const weekday = new Date(`${date}T12:00:00Z`).getUTCDay();
    if (weekday === 0 || weekday === 6) continue;
    const price = 100 + ((Date.parse(date) / 86_400_000) % 50) + request.symbol.length;
    bars.push({
      symbol: request.symbol,
      provider: 'fake',
      interval: '1d',
      date,
      timestamp: dailyBarTimestamp(date),
      open: price,
      high: price + 1,
      low: price - 1,
      close: price + 0.5,
      volume: 1000,
    });
  }
  if (bars.length === 0) throw providerFailure('no_data', `no bars of ${request.symbol}`);
  return bars;
}

/** A logger at debug whose lines are kept, parsed. */
export function capturingLogger(): { log: Logger; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  return { log: pino({ level: 'debug' }, sink), lines };
}

/** A fresh folder for checkpoints. */
export function tempDir(): string {
  return mkdtempSync(path.join(os.tmpdir(), 'sp-backfill-'));
}

/**
 * A folder nothing can be written in: a read-only one (mode 0555), or, when permissions do
 * not stop this process (root), a path under a regular file, which no one can create.
 */
export function unwritableFolder(): string {
  const dir = tempDir();
  chmodSync(dir, 0o555);
  const probe = path.join(dir, 'probe');
  try {
    writeFileSync(probe, '');
  } catch {
    return dir;
  }
  rmSync(probe);
  chmodSync(dir, 0o755);
  const regular = path.join(dir, 'regular-file');
  writeFileSync(regular, '');
  return path.join(regular, 'folder');
}

/** What {@link backfillJobOf} builds a job from. */
export interface JobSetup {
  readonly provider: ProviderInstance;
  readonly from: string;
  readonly to: string;
  readonly symbols?: readonly string[];
  readonly transport?: ReturnType<typeof recordingTransport>;
  readonly checkpointFile: string;
  readonly concurrency?: number;
  readonly nowMs?: number;
  readonly restart?: boolean;
  readonly log?: Logger;
  /** Least time between checkpoint writes; 0 unless told. */
  readonly writeIntervalMs?: number;
}

/** A daily backfill job of yearly chunks through one recording transport. */
export async function backfillJobOf(
  setup: JobSetup,
): Promise<BackfillJob & { transport: ReturnType<typeof recordingTransport> }> {
  const symbols = setup.symbols ?? ['AAA', 'BBB'];
  const identity: BackfillIdentity = {
    pipeline: 'history',
    provider: 'p',
    plugin: 'fake',
    interval: '1d',
    from: setup.from,
    to: setup.to,
    symbols,
  };
  const nowMs = setup.nowMs ?? backfillNow;
  const clock = { now: () => nowMs };
  const transport = setup.transport ?? recordingTransport();
  return {
    pipeline: 'history',
    provider: setup.provider,
    symbols,
    interval: '1d',
    chunks: planChunks(identity, chunkSpanOf('1d')),
    checkpoint: await BackfillCheckpoint.open(fileCheckpointStore(setup.checkpointFile), identity, {
      restart: setup.restart ?? false,
      clock,
      writeIntervalMs: setup.writeIntervalMs ?? 0,
    }),
    transports: [new TransportQueue('t', transport, testBufferPolicy, silent)],
    concurrency: setup.concurrency ?? 4,
    log: setup.log ?? silent,
    clock,
    transport,
  };
}
