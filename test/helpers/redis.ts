import { randomUUID } from 'node:crypto';
import { createClient } from '@redis/client';

/** The Redis every test uses. */
export const testRedisUrl = 'redis://127.0.0.1:6379';

function createTestClient() {
  return createClient({
    url: testRedisUrl,
    socket: { connectTimeout: 2000, reconnectStrategy: false },
  });
}

/** A connected client of the test Redis. */
export type TestRedis = ReturnType<typeof createTestClient>;

/**
 * Connects to the Redis at 127.0.0.1:6379, failing (never skipping) with how to start it when
 * nothing answers there.
 */
export async function connectTestRedis(): Promise<TestRedis> {
  const client = createTestClient();
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (error) {
    client.destroy();
    throw new Error(
      'Redis is not reachable on 127.0.0.1:6379, and these tests need it; start it with: ' +
        'redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save ""',
      { cause: error },
    );
  }
  return client;
}

/** A key prefix no other test uses, so tests never share a budget by accident. */
export function uniqueKeyPrefix(): string {
  return `stockpoller-test:${randomUUID()}`;
}

/** Every key under `prefix`. */
export async function keysUnder(client: TestRedis, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  for await (const batch of client.scanIterator({ MATCH: `${prefix}*`, COUNT: 1000 })) {
    keys.push(...batch);
  }
  return keys;
}

/** Deletes every key under `prefix`. */
export async function deleteKeysUnder(client: TestRedis, prefix: string): Promise<void> {
  const keys = await keysUnder(client, prefix);
  if (keys.length > 0) await client.del(keys);
}
