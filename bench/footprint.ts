/**
 * Footprint benchmark: one process polling 10,000 symbols through the real pipeline (the `fmp`
 * adapter against a local server answering its documented batch shape, into a counting
 * transport) for several ticks. Reports peak RSS (target under 150 MB), heap used, and CPU time
 * per quote, next to baselines from the same run: the same process after loading everything
 * and starting the kernel but before polling, and a bare undici loop fetching and parsing the
 * same batches in a process of its own. Each subject runs in a fresh process, alternating,
 * several times; figures are medians.
 *
 *   npm run bench:footprint [-- --symbols 10000 --ticks 10 --runs 3]
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { median } from './bare-client.js';
import type { Footprint, SubjectName } from './footprint-subject.js';
import { startQuoteServer } from './pipeline-kit.js';

function flag(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? Number(process.argv[at + 1]) : fallback;
}

const symbolCount = flag('symbols', 10_000);
const ticks = flag('ticks', 10);
const runs = flag('runs', 3);
const targetRssMb = 150;

/** Runs one subject in a fresh Node process (with --expose-gc) and reads its figures. */
function runSubject(subject: SubjectName, url: string): Footprint {
  const script = fileURLToPath(new URL('footprint-subject.js', import.meta.url));
  const args = [subject, url, String(symbolCount), String(ticks)];
  const result = spawnSync(process.execPath, ['--expose-gc', script, ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  if (result.status !== 0) throw new Error(`${subject} exited with ${String(result.status)}`);
  return JSON.parse(result.stdout.trim().split('\n').at(-1) ?? '') as Footprint;
}

const mb = (bytes: number): string => `${(bytes / 1_048_576).toFixed(1)} MB`;

async function orchestrate(): Promise<void> {
  const server = await startQuoteServer();
  const samples: Record<SubjectName, Footprint[]> = { bare: [], pipeline: [] };
  try {
    // One unmeasured pass lets the server build every batch body once.
    runSubject('bare', server.url);
    for (let run = 0; run < runs; run += 1) {
      const order: SubjectName[] = run % 2 === 0 ? ['bare', 'pipeline'] : ['pipeline', 'bare'];
      for (const subject of order) samples[subject].push(runSubject(subject, server.url));
    }
  } finally {
    server.stop();
  }

  const of = (subject: SubjectName, key: keyof Footprint): number =>
    median(samples[subject].map((s) => s[key]));
  console.log(
    `footprint, ${symbolCount.toLocaleString('en-US')} symbols x ${ticks} ticks ` +
      `(FMP batches of 100, 4 in flight), ${runs} runs each, medians, node ${process.version}`,
  );
  const header = ['', 'before polling', 'peak RSS', 'peak heap used', 'heap after', 'CPU/quote'];
  console.log(
    `  ${header[0]?.padEnd(26)}${header
      .slice(1)
      .map((h) => h.padStart(15))
      .join('')}`,
  );
  for (const subject of ['bare', 'pipeline'] as const) {
    const label = subject === 'bare' ? 'bare undici + JSON.parse' : 'pipeline (runOnce)';
    const cells = [
      mb(of(subject, 'rssBeforeBytes')),
      mb(of(subject, 'peakRssBytes')),
      mb(of(subject, 'peakHeapUsedBytes')),
      mb(of(subject, 'heapAfterBytes')),
      `${of(subject, 'cpuMicrosPerQuote').toFixed(2)} us`,
    ];
    console.log(`  ${label.padEnd(26)}${cells.map((c) => c.padStart(15)).join('')}`);
  }
  const peak = of('pipeline', 'peakRssBytes');
  const growth = of('pipeline', 'peakRssBytes') - of('pipeline', 'rssBeforeBytes');
  const verdict = peak < targetRssMb * 1_048_576 ? 'meets' : 'MISSES';
  console.log(
    `  polling adds ${mb(growth)} to the pipeline process; peak RSS ${mb(peak)} ` +
      `(target < ${targetRssMb} MB): ${verdict} the target`,
  );
}

await orchestrate();
