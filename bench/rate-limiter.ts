/**
 * Rate limiter benchmark: callers run flat out against a local server that enforces a strict
 * sliding-window limit (20 a second and 1000 a minute by default) and answers 429 beyond it,
 * for one process with the in-memory limiter and for three processes sharing a budget in
 * Redis (127.0.0.1:6379). The baseline is what the limit itself allows in that time; the
 * figures are the calls the server accepted, its 429s (target 0) and the share of the allowed
 * budget used (target at least 97%). Each caller has 4 calls in flight and the kernel's
 * default margin unless `--margin` says otherwise.
 *
 *   npm run build && node dist/bench/rate-limiter.js [--seconds 60] [--margin 100]
 *     [--per-second 20] [--per-minute 1000]
 */
import { randomUUID } from 'node:crypto';
import { createClient } from '@redis/client';
import { defaultMarginMs } from '../core/kernel/rate-gates.js';
import { runCallerProcesses } from '../test/helpers/caller-processes.js';
import type { CallerPlan } from '../test/helpers/limited-caller.js';
import { startLimitedServer, type ServerLimit } from '../test/helpers/limited-server.js';

const flag = (name: string, fallback: number): number => {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? Number(process.argv[at + 1]) : fallback;
};
const seconds = flag('seconds', 60);
const perSecond = flag('per-second', 20);
const perMinute = flag('per-minute', 1000);
const marginMs = flag('margin', defaultMarginMs);
const redisUrl = 'redis://127.0.0.1:6379';
const limits: ServerLimit[] = [
  { limit: perSecond, windowMs: 1000 },
  { limit: perMinute, windowMs: 60_000 },
];
const targetShare = 0.97;

/** The most calls any client could get accepted in `durationMs`: full windows back to back. */
function allowedIn(durationMs: number): number {
  return Math.min(...limits.map((l) => l.limit * Math.ceil(durationMs / l.windowMs)));
}

/**
 * Closest the server came to refusing: over every run of one call more than a second's limit,
 * the shortest time it took, less 1 s (negative means the server saw a second over its limit).
 */
function tightestSecond(arrivals: readonly number[]): number | undefined {
  let tightest: number | undefined;
  for (let i = perSecond; i < arrivals.length; i++) {
    const span = (arrivals[i] as number) - (arrivals[i - perSecond] as number);
    tightest = Math.min(tightest ?? span, span);
  }
  return tightest === undefined ? undefined : tightest - 1000;
}

interface Row {
  readonly scenario: string;
  readonly allowed: number;
  readonly accepted: number;
  readonly rejected: number;
  readonly share: number;
  readonly tightestMs: number | undefined;
}

async function measure(scenario: string, processes: number, shared: boolean): Promise<Row> {
  const server = await startLimitedServer(limits);
  const plan: CallerPlan = {
    url: server.url,
    limits: { perSecond, perMinute },
    durationMs: seconds * 1000,
    concurrency: 4,
    marginMs,
    ...(shared ? { redisUrl, budgetKey: `stockpoller-bench:${randomUUID()}:limiter` } : {}),
  };
  try {
    await runCallerProcesses(Array.from({ length: processes }, () => plan));
  } finally {
    await server.close();
  }
  if (plan.budgetKey !== undefined) await deleteBudget(plan.budgetKey);
  const allowed = allowedIn(seconds * 1000);
  const accepted = server.accepted.length;
  const tightestMs = tightestSecond(server.arrivals);
  return {
    scenario,
    allowed,
    accepted,
    rejected: server.rejected(),
    share: accepted / allowed,
    tightestMs,
  };
}

async function deleteBudget(budgetKey: string): Promise<void> {
  const client = createClient({ url: redisUrl });
  await client.connect();
  for await (const keys of client.scanIterator({ MATCH: `${budgetKey}*` })) {
    if (keys.length > 0) await client.del(keys);
  }
  client.destroy();
}

console.log(
  `limit ${perSecond}/s and ${perMinute}/min, ${seconds} s per scenario, margin ${marginMs} ms`,
);
const rows = [
  await measure('1 process, in-memory limiter', 1, false),
  await measure('3 processes, shared Redis budget', 3, true),
];
console.table(
  rows.map((row) => ({
    scenario: row.scenario,
    'allowed (baseline)': row.allowed,
    accepted: row.accepted,
    '429s': row.rejected,
    'budget used': `${(row.share * 100).toFixed(1)}%`,
    'slack at the tightest second':
      row.tightestMs === undefined ? '-' : `${row.tightestMs.toFixed(1)} ms`,
  })),
);
const missed = rows.filter((row) => row.rejected > 0 || row.share < targetShare);
console.log(
  missed.length === 0
    ? `target met: no 429 and at least ${targetShare * 100}% of the budget used`
    : `target missed by: ${missed.map((row) => row.scenario).join(', ')}`,
);
