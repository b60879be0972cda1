import type { Logger } from 'pino';
import { StockpollerError, describeError } from '../errors/index.js';
import { scrubSecrets } from '../providers/scrub.js';
import { RedisRateLimiterStore } from '../runtime/redis-rate-limiter-store.js';
import type { OutageBackoff } from '../runtime/store-outage.js';

/** The connection's name in Redis's CLIENT LIST. */
export const sharedRateClientName = 'stockpoller-rate-limit';

/** Where a shared budget lives and what it is called. */
export interface SharedStoreRequest {
  readonly redisUrl: string;
  /** From {@link budgetKeyOf}. */
  readonly budgetKey: string;
  /** The provider's manifest label, named in the hint of a connection failure. */
  readonly label: string;
  readonly log: Logger;
  /** Default 5000. */
  readonly connectTimeoutMs?: number;
  /** Default 2000: a Redis that stops answering counts as down after this long. */
  readonly commandTimeoutMs?: number;
  readonly backoff?: OutageBackoff;
}

/** A connected shared store and the way to let go of its connection. */
export interface SharedRateStore {
  readonly store: RedisRateLimiterStore;
  /** Closes the connection; safe to call twice, never rejects. */
  close(): Promise<void>;
}

/**
 * Connects to the Redis of `rateLimits.shared` and returns the budget's store. A Redis that
 * cannot be reached now fails with SP_ERR_PLUGIN_START_FAILED, naming the setting to check.
 * Once connected, the client reconnects on its own (250 ms doubling to 5 s) and the store
 * fails closed meanwhile. Nothing of the URL's password reaches an error or a log.
 */
export async function openSharedRateStore(request: SharedStoreRequest): Promise<SharedRateStore> {
  const { createClient } = await import('@redis/client');
  const redact = (text: string): string => scrubSecrets(text, passwordsOf(request.redisUrl));
  let connected = false;
  const client = createClient({
    url: request.redisUrl,
    // Names the connection in CLIENT LIST, for operators and tests.
    name: sharedRateClientName,
    // Commands fail at once while reconnecting, so the store holds callers instead of queueing.
    disableOfflineQueue: true,
    commandOptions: { timeout: request.commandTimeoutMs ?? 2000 },
    socket: {
      connectTimeout: request.connectTimeoutMs ?? 5000,
      reconnectStrategy: (retries: number) =>
        connected ? Math.min(250 * 2 ** retries, 5000) : false,
    },
  });
  // Without a listener an 'error' event would crash the process; the store reports outages.
  client.on('error', (error: unknown) => {
    request.log.debug({ reason: redact(describeError(error)) }, 'shared rate limit redis error');
  });

  try {
    await client.connect();
    connected = true;
  } catch (error) {
    // A refused first connection has closed the client already; destroy() would throw.
    if (client.isOpen) client.destroy();
    // No cause attached: the client's error may carry the URL and its password.
    throw new StockpollerError(
      'SP_ERR_PLUGIN_START_FAILED',
      `cannot reach the Redis of its shared rate limit: ${redact(describeError(error))}`,
      `Check providers.${request.label}.rateLimits.shared.redisUrl and that Redis is running there.`,
    );
  }
  request.log.info({ budget: request.budgetKey }, 'shared rate limit connected');

  const store = new RedisRateLimiterStore({
    client,
    budgetKey: request.budgetKey,
    log: request.log,
    redact,
    ...(request.backoff === undefined ? {} : { backoff: request.backoff }),
  });
  let closed = false;
  return {
    store,
    async close() {
      if (closed) return;
      closed = true;
      if (!client.isOpen) return;
      // Mid-reconnect there is nobody to say goodbye to.
      if (!client.isReady) {
        client.destroy();
        return;
      }
      await client.close().catch((error: unknown) => {
        request.log.warn(
          { reason: redact(describeError(error)) },
          'shared rate limit close failed',
        );
        if (client.isOpen) client.destroy();
      });
    },
  };
}

function passwordsOf(url: string): string[] {
  try {
    const parsed = new URL(url);
    return [parsed.password, decodeURIComponent(parsed.password)].filter((p) => p !== '');
  } catch {
    return [];
  }
}
