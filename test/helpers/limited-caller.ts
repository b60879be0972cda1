/**
 * A child process that calls a limited server as fast as a rate limiter lets it, for the
 * three-process test and the limiter bench. Run as
 * `node dist/test/helpers/limited-caller.js '<CallerPlan JSON>'`: it connects, prints `ready`,
 * waits for a start time (epoch ms) on stdin, calls for the plan's duration from then, and
 * prints a {@link CallerReport} as one JSON line on stdout. With `redisUrl` the budget lives in
 * Redis under `budgetKey`, shared with every other caller given the same key; without, it is
 * in-process.
 */
import { createInterface } from 'node:readline';
import { pino } from 'pino';
import { Agent, request } from 'undici';
import { openSharedRateStore, type SharedRateStore } from '../../core/kernel/shared-rate-store.js';
import { retryAfterMsOf } from '../../core/providers/read-json.js';
import { RateLimiter } from '../../core/runtime/rate-limiter.js';
import type { RateLimits } from '../../core/runtime/rate-windows.js';

/** What one caller process does. */
export interface CallerPlan {
  readonly url: string;
  readonly limits: RateLimits;
  /** Milliseconds of calling, from the start the parent gives once every process is ready. */
  readonly durationMs: number;
  /** Calls in flight at once (a provider instance's concurrency). */
  readonly concurrency: number;
  readonly redisUrl?: string;
  readonly budgetKey?: string;
  /** The limiter's margin per window. */
  readonly marginMs: number;
}

/** What one caller process saw. */
export interface CallerReport {
  readonly sent: number;
  readonly accepted: number;
  readonly rejected: number;
}

async function runCaller(plan: CallerPlan): Promise<CallerReport> {
  const log = pino({ level: 'warn' }, pino.destination(2));
  let shared: SharedRateStore | undefined;
  if (plan.redisUrl !== undefined) {
    const budgetKey = plan.budgetKey ?? 'stockpoller-test:limited-caller';
    shared = await openSharedRateStore({
      redisUrl: plan.redisUrl,
      budgetKey,
      label: 'caller',
      log,
    });
  }
  const limiter = new RateLimiter({
    limits: plan.limits,
    marginMs: plan.marginMs,
    ...(shared === undefined ? {} : { store: shared.store }),
  });
  const agent = new Agent({ connections: plan.concurrency });
  const report = { sent: 0, accepted: 0, rejected: 0 };

  // Connections opened (and the request path run once) before the clock starts.
  await Promise.all(
    Array.from({ length: plan.concurrency }, async () => {
      const response = await request(new URL('/warm-up', plan.url), { dispatcher: agent });
      await response.body.dump();
    }),
  );
  process.stdout.write('ready\n');
  const startAt = await startSignal();
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, startAt - Date.now())));
  const stop = AbortSignal.timeout(plan.durationMs);
  // The abort timer does not hold the process open, nor does an idle moment between calls.
  const holdOpen = setInterval(() => undefined, 1000);
  const callUntilStopped = async (): Promise<void> => {
    while (!stop.aborted) {
      try {
        await limiter.acquire(1, stop);
      } catch {
        return;
      }
      report.sent++;
      const response = await request(plan.url, { dispatcher: agent });
      await response.body.dump();
      if (response.statusCode === 200) {
        report.accepted++;
        continue;
      }
      report.rejected++;
      const retryAfterMs = retryAfterMsOf(String(response.headers['retry-after']), Date.now());
      await limiter.penalize({ kind: 'rate_limited', retryable: true, retryAfterMs });
    }
  };
  await Promise.all(Array.from({ length: plan.concurrency }, callUntilStopped));
  clearInterval(holdOpen);
  await agent.close();
  await shared?.close();
  return report;
}

/** The epoch ms to start at, which the parent writes on stdin once every caller is ready. */
async function startSignal(): Promise<number> {
  for await (const line of createInterface({ input: process.stdin })) return Number(line);
  throw new Error('the parent closed stdin without giving a start time');
}

const plan = JSON.parse(process.argv[2] ?? '{}') as CallerPlan;
runCaller(plan).then(
  (report) => {
    process.stdout.write(`${JSON.stringify(report)}\n`);
  },
  (error: unknown) => {
    process.stderr.write(`${String(error)}\n`);
    process.exitCode = 1;
  },
);
