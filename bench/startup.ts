/**
 * Startup benchmark: `stockpoller validate-config` on the shipped manifest next to a bare
 * `node -e 0`, both measured in this run, alternating so that machine noise hits both alike.
 * Target: the median of validate-config is at most 4x the median of a bare Node start.
 *
 *   npm run bench:startup [-- --runs 21]
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const runsFlag = process.argv.indexOf('--runs');
const runs = runsFlag > 0 ? Number(process.argv[runsFlag + 1]) : 21;
const targetRatio = 4;

interface Subject {
  readonly name: string;
  readonly args: readonly string[];
  readonly samples: number[];
}

const subjects: Subject[] = [
  { name: 'node -e 0 (baseline)', args: ['-e', '0'], samples: [] },
  {
    name: 'stockpoller validate-config',
    args: [path.join(repoRoot, 'bin', 'stockpoller.js'), 'validate-config'],
    samples: [],
  },
];

function timeOnce(subject: Subject): number {
  const started = performance.now();
  const result = spawnSync(process.execPath, subject.args, { cwd: repoRoot, stdio: 'ignore' });
  const elapsed = performance.now() - started;
  if (result.status !== 0) throw new Error(`${subject.name} exited with ${String(result.status)}`);
  return elapsed;
}

function quantile(samples: readonly number[], q: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
}

// One warm-up each fills the OS file cache; it is not counted.
for (const subject of subjects) timeOnce(subject);
for (let run = 0; run < runs; run += 1) {
  for (const subject of subjects) subject.samples.push(timeOnce(subject));
}

const [baseline, candidate] = subjects as [Subject, Subject];
const ratio = quantile(candidate.samples, 0.5) / quantile(baseline.samples, 0.5);
console.log(`startup, ${runs} runs each, node ${process.version}`);
for (const subject of subjects) {
  const median = quantile(subject.samples, 0.5).toFixed(1);
  const p90 = quantile(subject.samples, 0.9).toFixed(1);
  console.log(
    `  ${subject.name.padEnd(30)} median ${median.padStart(7)} ms   p90 ${p90.padStart(7)} ms`,
  );
}
const verdict = ratio <= targetRatio ? 'meets' : 'MISSES';
console.log(`  ratio ${ratio.toFixed(2)}x (target <= ${targetRatio}x): ${verdict} the target`);
