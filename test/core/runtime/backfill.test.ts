import { expect } from 'chai';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import sinon from 'sinon';
import { providerFailure } from '../../../core/providers/index.js';
import { runBackfill, planWork } from '../../../core/runtime/backfill.js';
import { recordingTransport } from './runtime-fixtures.js';
import {
  backfillJobOf,
  backfillNow,
  capturingLogger,
  fakeBarProvider,
  tempDir,
} from './backfill-fixtures.js';

const threeYears = { from: '2023-03-01', to: '2025-02-28' };

function completedIn(file: string): Record<string, string[]> {
  return (JSON.parse(readFileSync(file, 'utf8')) as { completed: Record<string, string[]> })
    .completed;
}

describe('backfill', () => {
  let checkpointFile: string;

  beforeEach(() => {
    checkpointFile = path.join(tempDir(), 'checkpoint.json');
  });

  afterEach(() => {
    sinon.restore();
  });

  describe('runBackfill()', () => {
    it('fetches each chunk of each symbol once, publishes every bar, and checkpoints each chunk', async () => {
      const provider = fakeBarProvider();
      const job = await backfillJobOf({ provider, ...threeYears, checkpointFile });

      const summary = await runBackfill(job);

      expect(provider.requests.map((r) => `${r.symbol} ${r.from}..${r.to}`).sort()).to.deep.equal([
        'AAA 2023-03-01..2023-12-31',
        'AAA 2024-01-01..2024-12-31',
        'AAA 2025-01-01..2025-02-28',
        'BBB 2023-03-01..2023-12-31',
        'BBB 2024-01-01..2024-12-31',
        'BBB 2025-01-01..2025-02-28',
      ]);
      const envelopes = job.transport.received;
      expect(envelopes).to.have.length(summary.bars).and.length.above(1000);
      expect(new Set(envelopes.map((e) => e.id)).size).to.equal(envelopes.length);
      expect(envelopes[0]).to.include({ schema: 'stockpoller.bar', pipeline: 'history' });
      expect(summary).to.deep.include({ symbols: 2, invalid: 0, interrupted: false });
      expect(summary.chunks).to.deep.equal({
        total: 6,
        done: 6,
        failed: 0,
        skipped: 0,
        pending: 0,
        remaining: 0,
      });
      expect(completedIn(checkpointFile).AAA).to.have.length(3);
    });

    it('makes no call when re-run with a checkpoint of every chunk', async () => {
      await runBackfill(
        await backfillJobOf({ provider: fakeBarProvider(), ...threeYears, checkpointFile }),
      );
      const again = fakeBarProvider();
      const job = await backfillJobOf({ provider: again, ...threeYears, checkpointFile });

      const summary = await runBackfill(job);

      expect(again.requests).to.deep.equal([]);
      expect(job.transport.received).to.deep.equal([]);
      expect(summary.chunks).to.include({ total: 6, done: 0, skipped: 6 });
    });

    it('gives the same envelope ids when the range is fetched again later', async () => {
      const first = await backfillJobOf({
        provider: fakeBarProvider(),
        ...threeYears,
        checkpointFile,
      });
      await runBackfill(first);
      const second = await backfillJobOf({
        provider: fakeBarProvider(),
        ...threeYears,
        checkpointFile,
        restart: true,
        nowMs: backfillNow + 86_400_000,
      });
      await runBackfill(second);

      const [before, after] = [first.transport.received, second.transport.received];
      expect(after.map((e) => e.fetchedAt)).to.not.include(before[0]?.fetchedAt);
      expect(after.map((e) => e.id).sort()).to.deep.equal(before.map((e) => e.id).sort());
    });

    it('starts no chunk once stopped, and a re-run fetches only the chunks not delivered', async () => {
      const stop = new AbortController();
      const provider = fakeBarProvider({
        before: (_request, call) => {
          if (call === 2) stop.abort();
        },
      });
      const job = await backfillJobOf({ provider, ...threeYears, checkpointFile, concurrency: 1 });

      const summary = await runBackfill(job, { stop: stop.signal });

      expect(provider.requests).to.have.length(2);
      expect(summary).to.include({ interrupted: true });
      expect(summary.chunks).to.include({ done: 2, remaining: 4 });
      const resumed = fakeBarProvider();
      const rest = await runBackfill(
        await backfillJobOf({ provider: resumed, ...threeYears, checkpointFile }),
      );
      const fetchedBefore = provider.requests.map((r) => `${r.symbol} ${r.from}`);
      const fetchedAfter = resumed.requests.map((r) => `${r.symbol} ${r.from}`);
      expect(fetchedAfter).to.have.length(4);
      expect(fetchedAfter.filter((call) => fetchedBefore.includes(call))).to.deep.equal([]);
      expect(rest.chunks).to.include({ done: 4, skipped: 2, remaining: 0 });
    });

    it('gives up the chunks in flight when aborted, recording only those delivered', async () => {
      const stop = new AbortController();
      const abort = new AbortController();
      const signals: (AbortSignal | undefined)[] = [];
      const provider = fakeBarProvider({
        before: (_request, call) => {
          if (call === 1) return;
          // The second and third calls never answer, like a wait on a quota that resets tomorrow.
          if (call === 3) {
            stop.abort();
            setImmediate(() => {
              abort.abort();
            });
          }
          return new Promise(() => undefined);
        },
      });
      const answer = provider.fetchBars?.bind(provider) as NonNullable<typeof provider.fetchBars>;
      provider.fetchBars = (request, signal) => {
        signals.push(signal);
        return answer(request, signal);
      };
      const job = await backfillJobOf({ provider, ...threeYears, checkpointFile, concurrency: 2 });

      const summary = await runBackfill(job, { stop: stop.signal, abort: abort.signal });

      expect(provider.requests).to.have.length(3);
      expect(signals.every((signal) => signal === abort.signal)).to.equal(true);
      expect(summary).to.include({ interrupted: true });
      expect(summary.chunks).to.include({ done: 1, failed: 0, remaining: 5 });
      expect(Object.values(completedIn(checkpointFile)).flat()).to.have.length(1);
    });

    it('goes on after a failed chunk, and leaves it out of the checkpoint for the next run', async () => {
      const provider = fakeBarProvider({
        before: (request) => {
          if (request.symbol === 'BBB' && request.from === '2024-01-01') {
            throw providerFailure('unavailable', 'HTTP 503 from the fake');
          }
        },
      });
      const { log, lines } = capturingLogger();
      const job = await backfillJobOf({ provider, ...threeYears, checkpointFile, log });

      const summary = await runBackfill(job);

      expect(summary.chunks).to.include({ done: 5, failed: 1 });
      expect(lines.filter((line) => line.msg === 'backfill chunk failed')).to.deep.equal([
        lines.find((line) => line.code === 'SP_ERR_PROVIDER_UNAVAILABLE'),
      ]);
      expect(lines.find((line) => line.msg === 'backfill chunk failed')).to.include({
        symbol: 'BBB',
        chunk: '2024-01-01..2024-12-31',
        level: 40,
      });
      expect(completedIn(checkpointFile).BBB).to.deep.equal([
        '2023-03-01..2023-12-31',
        '2025-01-01..2025-02-28',
      ]);
      const retry = fakeBarProvider();
      await runBackfill(await backfillJobOf({ provider: retry, ...threeYears, checkpointFile }));
      expect(retry.requests).to.deep.equal([
        { symbol: 'BBB', interval: '1d', from: '2024-01-01', to: '2024-12-31' },
      ]);
    });

    it('does not checkpoint a chunk a transport failed to deliver', async () => {
      const job = await backfillJobOf({
        provider: fakeBarProvider(),
        ...threeYears,
        checkpointFile,
        transport: recordingTransport('fail'),
      });

      const summary = await runBackfill(job);

      expect(summary.chunks).to.include({ done: 0, failed: 6 });
      expect(summary.bars).to.equal(0);
      const stored = JSON.parse(readFileSync(checkpointFile, 'utf8')) as { completed: unknown };
      expect(stored.completed).to.deep.equal({ AAA: [], BBB: [] });
    });

    it('never has more chunks in flight than the concurrency', async () => {
      const provider = fakeBarProvider({
        before: () => new Promise((resolve) => setImmediate(resolve)),
      });
      const job = await backfillJobOf({
        provider,
        from: '2016-01-01',
        to: '2025-12-31',
        checkpointFile,
        concurrency: 3,
      });

      const summary = await runBackfill(job);

      expect(summary.chunks.done).to.equal(20);
      expect(provider.maxInFlight).to.equal(3);
    });

    it('fetches on while the checkpoint waits to write, and records every chunk at the end', async () => {
      const job = await backfillJobOf({
        provider: fakeBarProvider(),
        ...threeYears,
        checkpointFile,
        concurrency: 1,
        writeIntervalMs: 600_000,
      });

      const summary = await runBackfill(job);

      expect(summary.chunks).to.include({ done: 6, failed: 0 });
      const stored = JSON.parse(readFileSync(checkpointFile, 'utf8')) as {
        completed: Record<string, string[]>;
      };
      expect(Object.values(stored.completed).flat()).to.have.length(6);
    });

    it('counts and skips invalid bars, and still checkpoints their chunk', async () => {
      const provider = fakeBarProvider({
        rewrite: (bars) => bars.map((bar, i) => (i === 0 ? { ...bar, timestamp: 'soon' } : bar)),
      });
      const job = await backfillJobOf({ provider, ...threeYears, checkpointFile });

      const summary = await runBackfill(job);

      expect(summary.invalid).to.equal(6);
      expect(job.transport.received.map((e) => e.record.timestamp)).to.not.include('soon');
      expect(summary.chunks.done).to.equal(6);
    });

    it('publishes only complete bars, and checkpoints no chunk that reaches past now', async () => {
      const nowMs = Date.parse('2025-02-20T18:00:00Z');
      const job = await backfillJobOf({
        provider: fakeBarProvider(),
        from: '2024-06-03',
        to: '2026-01-30',
        symbols: ['AAA'],
        checkpointFile,
        nowMs,
      });

      const summary = await runBackfill(job);

      const dates = job.transport.received.map((e) => (e.record as { date: string }).date);
      expect(dates.at(-1)).to.equal('2025-02-19');
      expect(summary.chunks).to.include({ total: 3, done: 1, pending: 2 });
      expect(completedIn(checkpointFile).AAA).to.deep.equal(['2024-06-03..2024-12-31']);
    });

    it('counts a chunk without trading as done, and warns of a symbol without any bar', async () => {
      const provider = fakeBarProvider();
      const { log, lines } = capturingLogger();
      const job = await backfillJobOf({
        provider,
        from: '2025-01-04',
        to: '2025-01-05',
        symbols: ['AAA'],
        checkpointFile,
        log,
      });

      const summary = await runBackfill(job);

      expect(provider.requests).to.have.length(1);
      expect(summary.chunks).to.include({ done: 1, failed: 0 });
      expect(summary.bars).to.equal(0);
      expect(lines.find((line) => line.msg === 'backfill found no bars for symbol')).to.include({
        symbol: 'AAA',
      });
    });

    it('rejects with SP_ERR_BACKFILL_CHECKPOINT when the checkpoint cannot be written', async () => {
      const folder = path.join(tempDir(), 'checkpoints');
      const job = await backfillJobOf({
        provider: fakeBarProvider(),
        ...threeYears,
        checkpointFile: path.join(folder, 'checkpoint.json'),
      });
      // A file where the folder was, once opened: the first mark's write cannot replace it.
      rmSync(folder, { recursive: true });
      writeFileSync(folder, '');

      const failure = await runBackfill(job).then(
        () => expect.fail('expected a rejection'),
        (error: unknown) => error,
      );

      expect(failure).to.have.property('code', 'SP_ERR_BACKFILL_CHECKPOINT');
    });
  });

  describe('planWork()', () => {
    it('leaves out checkpointed chunks and chunks that start after now', async () => {
      const job = await backfillJobOf({
        provider: fakeBarProvider(),
        from: '2024-01-01',
        to: '2027-12-31',
        checkpointFile,
      });
      await job.checkpoint.markDone('AAA', '2024-01-01..2024-12-31');

      const work = planWork(job, backfillNow);

      expect(work.skipped).to.equal(1);
      expect(work.future).to.equal(2);
      expect(work.tasks.map((t) => `${t.chunk.id} ${t.symbol}`)).to.deep.equal([
        '2024-01-01..2024-12-31 BBB',
        '2025-01-01..2025-12-31 AAA',
        '2025-01-01..2025-12-31 BBB',
        '2026-01-01..2026-12-31 AAA',
        '2026-01-01..2026-12-31 BBB',
      ]);
    });
  });
});
