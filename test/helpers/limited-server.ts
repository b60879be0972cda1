import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';

/** One limit the server enforces: at most `limit` accepted requests in any `windowMs` span. */
export interface ServerLimit {
  readonly limit: number;
  readonly windowMs: number;
}

/** A provider stand-in on 127.0.0.1 that enforces strict sliding-window limits. */
export interface LimitedServer {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  /** Arrival times (ms, monotonic) of every request, accepted or not, in order. */
  readonly arrivals: readonly number[];
  /** Arrival times of the requests answered 200. */
  readonly accepted: readonly number[];
  /** How many requests were answered 429. */
  rejected(): number;
  /** The most requests that arrived in any `windowMs` span; `acceptedOnly` counts only 200s. */
  peak(windowMs: number, acceptedOnly?: boolean): number;
  close(): Promise<void>;
}

/**
 * Starts a server that answers 200 with a small quote while every limit has room, and 429 with
 * a Retry-After (whole seconds, rounded up) beyond it, like a strict provider. A request counts
 * at the instant it arrives; refused requests do not use the budget.
 */
export async function startLimitedServer(limits: readonly ServerLimit[]): Promise<LimitedServer> {
  const arrivals: number[] = [];
  const accepted: number[] = [];
  let rejected = 0;

  const server: Server = createServer((request, response) => {
    const now = performance.now();
    request.resume();
    if (request.url === '/warm-up') {
      // Opens a connection ahead of the measured calls; not a call of the budget.
      response.writeHead(204);
      response.end();
      return;
    }
    arrivals.push(now);
    const waitMs = waitBeforeRoom(accepted, limits, now);
    if (waitMs > 0) {
      rejected++;
      const retryAfter = String(Math.ceil(waitMs / 1000));
      response.writeHead(429, { 'content-type': 'application/json', 'retry-after': retryAfter });
      response.end(JSON.stringify({ error: 'rate limit exceeded' }));
      return;
    }
    accepted.push(now);
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ symbol: 'AAPL', price: 187.3, at: Date.now() }));
  });
  // Keep-alive sockets would hold close() open until they time out.
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    arrivals,
    accepted,
    rejected: () => rejected,
    peak: (windowMs, acceptedOnly = false) => peakIn(acceptedOnly ? accepted : arrivals, windowMs),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => {
          if (error === undefined) resolve();
          else reject(error);
        });
      }),
  };
}

/** Ms until every limit has room for one more request at `now`, or 0 when it has now. */
function waitBeforeRoom(accepted: readonly number[], limits: readonly ServerLimit[], now: number) {
  let waitMs = 0;
  for (const { limit, windowMs } of limits) {
    // Accepted requests in (now - windowMs, now]; the oldest of the last `limit` bounds the wait.
    const oldestOfLast = accepted[accepted.length - limit];
    if (oldestOfLast !== undefined && oldestOfLast > now - windowMs) {
      waitMs = Math.max(waitMs, oldestOfLast + windowMs - now);
    }
  }
  return waitMs;
}

/** The most times in any half-open span of `windowMs`, for times in ascending order. */
export function peakIn(times: readonly number[], windowMs: number): number {
  let peak = 0;
  let first = 0;
  for (let last = 0; last < times.length; last++) {
    while ((times[last] as number) - (times[first] as number) >= windowMs) first++;
    peak = Math.max(peak, last - first + 1);
  }
  return peak;
}
