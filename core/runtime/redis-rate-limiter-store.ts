import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import { describeError } from '../errors/index.js';
import type {
  RateLimiterStore,
  Reservation,
  StoreSnapshot,
  WindowUsage,
} from './rate-limiter-store.js';
import type { RateWindow } from './rate-windows.js';
import { rateLimitScript, rateLimitScriptSha1 } from './redis-rate-script.js';
import { StoreOutage, type OutageBackoff } from './store-outage.js';

/** The two commands the store needs of a Redis client (`@redis/client` v5 has both). */
export interface RedisScriptClient {
  evalSha(sha1: string, options: RedisScriptCall): Promise<unknown>;
  eval(script: string, options: RedisScriptCall): Promise<unknown>;
}

/** Keys and arguments of one script call. */
export interface RedisScriptCall {
  keys: string[];
  arguments: string[];
}

/**
 * Whose clock times the budget. `redis` (the default) reads Redis's TIME inside each script, so
 * replicas whose clocks disagree still agree on every window; `caller` uses the `nowMs` passed
 * in, which only makes sense when one clock drives every caller (tests with a fake clock).
 */
export type RedisStoreTime = 'redis' | 'caller';

/** How to build a {@link RedisRateLimiterStore}. */
export interface RedisRateLimiterStoreOptions {
  /** A connected client; the store never connects nor closes it. */
  readonly client: RedisScriptClient;
  /** The budget's key: its windows and pause live under `<budgetKey>:...`. Never a secret. */
  readonly budgetKey: string;
  readonly time?: RedisStoreTime;
  /** Where outages are reported (warn when one starts, info when it ends). */
  readonly log?: Logger;
  /** Retry delays while Redis fails. Default: 250 ms doubling to 5 s. */
  readonly backoff?: OutageBackoff;
  /** Removes secrets (a password in the Redis URL) from error text before it is logged. */
  readonly redact?: (text: string) => string;
}

/**
 * A {@link RateLimiterStore} in Redis, shared by every process that uses the same budget key:
 * each operation is one atomic script, each window an exact sliding log (a sorted set) that
 * expires after its window, and the pause a hash that expires when it ends.
 *
 * It fails closed: while Redis cannot be reached (or answers with an error) `reserve()` grants
 * nothing and asks the limiter to try again after a growing delay, so no call goes out unbudgeted;
 * a penalty Redis could not record still holds this process. `snapshot()` rejects meanwhile.
 */
export class RedisRateLimiterStore implements RateLimiterStore {
  private readonly client: RedisScriptClient;
  private readonly budgetKey: string;
  private readonly time: RedisStoreTime;
  private readonly outage: StoreOutage;
  /** Makes members unique across processes: a random prefix and a counter. */
  private readonly tokenPrefix = randomBytes(6).toString('hex');
  private sequence = 0;
  /** A pause Redis failed to record, in the caller's clock. */
  private localPauseUntil = Number.NEGATIVE_INFINITY;

  constructor(options: RedisRateLimiterStoreOptions) {
    this.client = options.client;
    this.budgetKey = options.budgetKey;
    this.time = options.time ?? 'redis';
    this.outage = new StoreOutage({
      budgetKey: options.budgetKey,
      ...(options.log === undefined ? {} : { log: options.log }),
      ...(options.backoff === undefined ? {} : { backoff: options.backoff }),
      ...(options.redact === undefined ? {} : { redact: options.redact }),
    });
  }

  async reserve(windows: readonly RateWindow[], cost: number, nowMs: number): Promise<Reservation> {
    if (nowMs < this.localPauseUntil) return { granted: false, retryAtMs: this.localPauseUntil };
    const token = `${this.tokenPrefix}${(this.sequence++).toString(36)}`;
    const args = ['reserve', this.nowArgument(nowMs), String(cost), token];
    for (const window of windows) args.push(String(window.limit), String(window.windowMs * 1000));
    let reply: unknown;
    try {
      reply = await this.run(this.keysOf(windows), args);
    } catch (error) {
      return { granted: false, retryAtMs: nowMs + this.outage.failed(error, nowMs) };
    }
    this.outage.recovered(nowMs);
    const [granted, waitUs] = reply as [number, string];
    return granted === 1
      ? { granted: true }
      : { granted: false, retryAtMs: nowMs + Number(waitUs) / 1000 };
  }

  async pause(untilMs: number, parked: boolean, nowMs: number): Promise<void> {
    const durationUs = Math.max(0, Math.round((untilMs - nowMs) * 1000));
    const args = ['pause', this.nowArgument(nowMs), String(durationUs), parked ? '1' : '0'];
    try {
      await this.run([this.pauseKey()], args);
    } catch (error) {
      this.localPauseUntil = Math.max(this.localPauseUntil, untilMs);
      this.outage.failed(error, nowMs);
    }
  }

  async snapshot(windows: readonly RateWindow[], nowMs: number): Promise<StoreSnapshot> {
    const args = ['snapshot', this.nowArgument(nowMs)];
    for (const window of windows) args.push(String(window.windowMs * 1000));
    const reply = (await this.run(this.keysOf(windows), args)) as string[];
    const usage: WindowUsage[] = windows.map((window, i) => ({
      name: window.name,
      limit: window.limit,
      used: Number(reply[2 * i]),
      resetsInMs: Number(reply[2 * i + 1]) / 1000,
    }));
    const pausedUs = reply[2 * windows.length];
    const paused = pausedUs !== undefined && pausedUs !== '';
    return {
      windows: usage,
      pausedUntil: paused ? nowMs + Number(pausedUs) / 1000 : null,
      parked: paused && reply[2 * windows.length + 1] === '1',
    };
  }

  /** Runs the script by its SHA-1, loading it on the first NOSCRIPT (new or flushed Redis). */
  private async run(keys: string[], args: string[]): Promise<unknown> {
    const call = { keys, arguments: args };
    try {
      return await this.client.evalSha(rateLimitScriptSha1, call);
    } catch (error) {
      if (!describeError(error).includes('NOSCRIPT')) throw error;
      return this.client.eval(rateLimitScript, call);
    }
  }

  private nowArgument(nowMs: number): string {
    return this.time === 'redis' ? '' : String(Math.round(nowMs * 1000));
  }

  private keysOf(windows: readonly RateWindow[]): string[] {
    const keys = [this.pauseKey()];
    for (const window of windows) {
      keys.push(`${this.budgetKey}:${window.name}`, `${this.budgetKey}:${window.name}:used`);
    }
    return keys;
  }

  private pauseKey(): string {
    return `${this.budgetKey}:pause`;
  }
}
