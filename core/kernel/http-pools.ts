import { Pool, type Dispatcher } from 'undici';
import type { HttpClientOptions } from '../plugins/types.js';

/**
 * The keep-alive HTTP pools handed to plugins through `context.http()`. The kernel owns them,
 * so that a plugin that forgets to close its pool still leaves no socket open after stop.
 */
export class HttpPools {
  private readonly pools: Dispatcher[] = [];

  /** A new pool for one origin (`https://api.example.com`), with the plugin's limits. */
  create(origin: string, options: HttpClientOptions = {}): Dispatcher {
    const pool = new Pool(origin, {
      connections: options.connections ?? 10,
      headersTimeout: options.headersTimeoutMs ?? 10_000,
      bodyTimeout: options.bodyTimeoutMs ?? 10_000,
      keepAliveTimeout: 30_000,
    });
    this.pools.push(pool);
    return pool;
  }

  /** Closes every pool created so far; waits for requests in flight. Safe to call twice. */
  async closeAll(): Promise<void> {
    await Promise.allSettled(this.pools.splice(0).map((pool) => pool.close()));
  }
}
