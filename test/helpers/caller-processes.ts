import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import type { CallerPlan, CallerReport } from './limited-caller.js';

const callerScript = fileURLToPath(new URL('./limited-caller.js', import.meta.url));
/** Lead time between the last caller getting ready and the common start. */
const startLeadMs = 200;

type Caller = ChildProcessByStdio<Writable, Readable, Readable>;

/**
 * Runs {@link CallerPlan}s, each in its own node process, starts them together once every one
 * has connected (however slowly the machine launches them), and collects their reports.
 */
export async function runCallerProcesses(plans: readonly CallerPlan[]): Promise<CallerReport[]> {
  const callers = plans.map((plan) =>
    spawn(process.execPath, [callerScript, JSON.stringify(plan)], {
      stdio: ['pipe', 'pipe', 'pipe'],
    }),
  );
  const outcomes = callers.map(reportOf);
  const ready = await Promise.race([
    Promise.all(callers.map(readyOf)),
    Promise.all(outcomes).then(() => false),
  ]);
  if (ready !== false) {
    const startAt = Date.now() + startLeadMs;
    for (const caller of callers) caller.stdin.end(`${startAt}\n`);
  }
  return Promise.all(outcomes);
}

/** Resolves when the caller prints `ready`. */
function readyOf(caller: Caller): Promise<true> {
  return new Promise((resolve) => {
    const lines = createInterface({ input: caller.stdout });
    lines.on('line', (line) => {
      if (line !== 'ready') return;
      lines.close();
      resolve(true);
    });
  });
}

/** The caller's report, or a rejection with what it wrote on stderr. */
function reportOf(caller: Caller): Promise<CallerReport> {
  let stdout = '';
  let stderr = '';
  caller.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  caller.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  return new Promise((resolve, reject) => {
    caller.once('error', reject);
    caller.once('close', (code) => {
      const last = stdout.trim().split('\n').pop() ?? '';
      if (code === 0 && last.startsWith('{')) resolve(JSON.parse(last) as CallerReport);
      else reject(new Error(`caller process exited with ${String(code)}: ${stderr}`));
    });
  });
}
