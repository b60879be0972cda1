import type { Logger } from 'pino';
import type { BackfillProgress, BackfillSummary } from '../../runtime/backfill.js';
import { writeLine, type CliIo } from '../io.js';

/** Least time between two progress log lines when stderr is not a terminal. */
export const progressLogEveryMs = 5000;

/** Shows a backfill's progress as it goes. */
export interface ProgressReporter {
  update(progress: BackfillProgress): void;
  /** Ends the display; safe to call twice. */
  stop(): void;
}

/** How a backfill run ended, as the summary and `--format json` name it. */
export type BackfillStatus = 'complete' | 'up-to-date' | 'pending' | 'incomplete' | 'interrupted';

/** What the summary says besides the counters. */
export interface SummaryContext {
  readonly pipeline: string;
  readonly interval: string;
  readonly from: string;
  readonly to: string;
  /** The checkpoint file, as the user should see it (relative to the working directory). */
  readonly checkpoint: string;
}

/**
 * A progress bar on stderr when it is a terminal; otherwise `backfill progress` log lines at
 * info (`{done, total, bars, failed}`): the first after the first chunk, then at most one
 * every {@link progressLogEveryMs}.
 */
export async function createProgressReporter(
  io: CliIo,
  log: Logger,
  context: { readonly pipeline: string; readonly total: number },
  now: () => number = Date.now,
): Promise<ProgressReporter> {
  if (io.stderr.isTTY === true) {
    const { SingleBar } = await import('cli-progress');
    const bar = new SingleBar({
      stream: io.stderr,
      format:
        '{pipeline} [{bar}] {percentage}% | {value}/{total} chunks | {bars} bars | {failed} failed | ETA {eta_formatted}',
      // A hidden cursor would stay hidden after a second signal's immediate exit.
      hideCursor: false,
    });
    bar.start(context.total, 0, { pipeline: context.pipeline, bars: 0, failed: 0 });
    let stopped = false;
    return {
      update: (progress) => {
        bar.update(progress.done + progress.failed, {
          bars: progress.bars,
          failed: progress.failed,
        });
      },
      stop: () => {
        if (!stopped) bar.stop();
        stopped = true;
      },
    };
  }

  let lastLogMs = Number.NEGATIVE_INFINITY;
  return {
    update: (progress) => {
      if (now() - lastLogMs < progressLogEveryMs) return;
      lastLogMs = now();
      log.info({ ...progress }, 'backfill progress');
    },
    stop: () => undefined,
  };
}

/** The status a summary reports: the worst of interrupted, failed chunks and pending ones. */
export function statusOf(summary: BackfillSummary): BackfillStatus {
  const { chunks } = summary;
  if (summary.interrupted) return 'interrupted';
  if (chunks.failed > 0) return 'incomplete';
  if (chunks.pending > 0) return 'pending';
  return chunks.done === 0 && chunks.skipped === chunks.total ? 'up-to-date' : 'complete';
}

/** Prints the summary on stdout: a few lines of text, or one JSON object. */
export function printSummary(
  io: CliIo,
  summary: BackfillSummary,
  context: SummaryContext,
  format: 'text' | 'json',
): void {
  const status = statusOf(summary);
  if (format === 'json') {
    const { symbols, chunks, bars, invalid } = summary;
    const fields = { ...context, status, symbols, chunks, bars, invalid };
    writeLine(io.stdout, JSON.stringify(fields));
    return;
  }

  const { chunks } = summary;
  const range = `${context.interval} bars from ${context.from} to ${context.to}`;
  writeLine(io.stdout, `backfill ${context.pipeline}: ${status}`);
  writeLine(io.stdout, `  range:      ${range}, ${summary.symbols} symbols`);
  writeLine(
    io.stdout,
    `  chunks:     ${chunks.total} total, ${chunks.done} done, ${chunks.failed} failed, ${chunks.skipped} skipped, ${chunks.pending} pending, ${chunks.remaining} not started`,
  );
  writeLine(io.stdout, `  bars:       ${summary.bars} published, ${summary.invalid} invalid`);
  writeLine(io.stdout, `  checkpoint: ${context.checkpoint}`);
  writeLine(io.stdout, `  ${adviceOf(status, summary)}`);
}

function adviceOf(status: BackfillStatus, summary: BackfillSummary): string {
  switch (status) {
    case 'up-to-date':
      return 'nothing to do: every chunk is in the checkpoint (pass --restart to fetch them again)';
    case 'complete':
      return 'every chunk was delivered';
    case 'pending':
      return `${summary.chunks.pending} chunks reach past now: run the same command later to finish them`;
    case 'incomplete':
      return `${summary.chunks.failed} chunks failed (see the log): run the same command again to retry them`;
    case 'interrupted':
      return 'interrupted: run the same command again to resume';
  }
}
