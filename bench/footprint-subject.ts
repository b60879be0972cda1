/**
 * One measured process of the footprint benchmark, started by footprint.ts: either the real
 * pipeline or the bare loop, polling the same symbols for some ticks while memory is sampled.
 * Prints its figures as one JSON line. The pipeline's modules are imported only by the
 * pipeline subject, so that the bare process loads undici alone.
 *
 *   node --expose-gc dist/bench/footprint-subject.js pipeline|bare URL SYMBOLS TICKS
 */
import { bareClient, bareRound, tickers } from './bare-client.js';

/** The two processes compared. */
export type SubjectName = 'bare' | 'pipeline';

/** What one process measured. */
export interface Footprint {
  /** RSS once everything is loaded and started, before the first poll (after a GC). */
  readonly rssBeforeBytes: number;
  /** Highest RSS of the process's whole life (getrusage). */
  readonly peakRssBytes: number;
  /** Highest heap used seen while polling (sampled every 20 ms and after each tick). */
  readonly peakHeapUsedBytes: number;
  /** Heap used after the last tick and a GC: what polling left behind. */
  readonly heapAfterBytes: number;
  readonly cpuMicrosPerQuote: number;
  readonly quotes: number;
}

function collectGarbage(): void {
  // Present when the orchestrator starts this process with --expose-gc.
  (globalThis as { gc?: () => void }).gc?.();
}

/** Loads, starts, then polls `ticks` times while sampling memory. */
async function measureSubject(
  subject: SubjectName,
  url: string,
  symbolCount: number,
  ticks: number,
): Promise<Footprint> {
  const symbols = tickers(symbolCount);
  let round: () => Promise<number>;
  let close: () => Promise<void>;
  if (subject === 'pipeline') {
    const { deploy, pipelineRound } = await import('./pipeline-kit.js');
    const started = await deploy({ url, symbols, pipelines: 4, concurrency: 4 });
    round = () => pipelineRound(started);
    close = () => started.stop();
  } else {
    const client = bareClient(url, symbols, 4);
    round = () => bareRound(client);
    close = () => client.pool.close();
  }

  collectGarbage();
  const rssBeforeBytes = process.memoryUsage.rss();
  let peakHeapUsedBytes = process.memoryUsage().heapUsed;
  const sample = (): void => {
    peakHeapUsedBytes = Math.max(peakHeapUsedBytes, process.memoryUsage().heapUsed);
  };
  const sampler = setInterval(sample, 20);

  const cpu = process.cpuUsage();
  let quotes = 0;
  for (let tick = 0; tick < ticks; tick += 1) {
    quotes += await round();
    sample();
  }
  const used = process.cpuUsage(cpu);
  clearInterval(sampler);
  if (quotes !== symbolCount * ticks)
    throw new Error(`${quotes} quotes, not ${symbolCount * ticks}`);

  collectGarbage();
  const heapAfterBytes = process.memoryUsage().heapUsed;
  await close();
  return {
    rssBeforeBytes,
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
    peakHeapUsedBytes,
    heapAfterBytes,
    cpuMicrosPerQuote: (used.user + used.system) / quotes,
    quotes,
  };
}

const [subject, url = '', symbolCount = '0', ticks = '0'] = process.argv.slice(2);
if (subject !== 'bare' && subject !== 'pipeline') throw new Error('subject: bare or pipeline');
const figures = await measureSubject(subject, url, Number(symbolCount), Number(ticks));
console.log(JSON.stringify(figures));
