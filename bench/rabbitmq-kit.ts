/**
 * What the RabbitMQ benchmarks share: the broker, a plugin context, envelopes of the size the
 * baselines use, throwaway topology and a reader that tallies message ids.
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import amqplib, { type ChannelModel } from 'amqplib';
import { pino, type Logger } from 'pino';
import { createEnvelope } from '../core/contract/envelope.js';
import type { Bar, Envelope } from '../core/contract/types.js';
import type { PluginContext } from '../core/plugins/types.js';
import type { RabbitmqOptions } from '../plugins/transport-rabbitmq/options-schema.js';

/** The broker of the build machines (see /work/shared/TESTING.md). */
export const brokerUrl =
  process.env.STOCKPOLLER_BENCH_AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672';

/** The value of `--name N` on the command line, or `fallback`. */
export function numberFlag(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  const value = index > 0 ? Number(process.argv[index + 1]) : fallback;
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} needs a positive number`);
  return value;
}

/** A plugin context for a benchmark: the given logger, the real clock, no secrets. */
export function benchContext(log: Logger = pino({ level: 'silent' })): PluginContext {
  return {
    log,
    label: 'bench',
    clock: { now: () => Date.now() },
    secret: () => Promise.reject(new Error('no secrets in benchmarks')),
    cache: undefined,
    http: () => {
      throw new Error('no HTTP in benchmarks');
    },
  };
}

/** `count` daily-bar envelopes with distinct ids, about 290 bytes of JSON each. */
export function benchEnvelopes(count: number): Envelope<Bar>[] {
  return Array.from({ length: count }, (_, n) => {
    const record: Bar = {
      symbol: 'AAPL',
      provider: 'sim',
      interval: '1d',
      date: '2026-03-09',
      timestamp: '2026-03-09T05:00:00.000Z',
      open: 100.25,
      high: 101.5,
      low: 99.75,
      close: 100 + n / 1000,
      volume: n,
    };
    return createEnvelope({ schema: 'stockpoller.bar', record, pipeline: 'p1', fetchedAt: 0 });
  });
}

/** A unique exchange and its queue, and transport options that declare them. */
export function benchOptions(): { exchange: string; queue: string; options: RabbitmqOptions } {
  const exchange = `sp-bench.${randomUUID().slice(0, 8)}`;
  const queue = `${exchange}.q`;
  const backoff = { initialDelayMs: 100, maxDelayMs: 2000, multiplier: 2, jitter: 0.2 };
  const options: RabbitmqOptions = {
    url: brokerUrl,
    connectionName: 'stockpoller-bench',
    heartbeatSeconds: 30,
    connectTimeoutMs: 10_000,
    exchange,
    exchangeType: 'topic',
    routingKey: '{recordType}.{provider}.{symbol}',
    assert: true,
    queues: [{ name: queue, bindingKeys: ['#'], arguments: {} }],
    deadLetter: { enabled: true, exchange: `${exchange}.dlx`, queue: `${exchange}.dlq` },
    mandatory: true,
    persistent: true,
    retry: { ...backoff, maxAttempts: 5 },
    reconnect: backoff,
    publishTimeoutMs: 0,
    stopTimeoutMs: 30_000,
  };
  return { exchange, queue, options };
}

/** A connection to the broker, with the command that starts it when it is down. */
export async function connectBroker(): Promise<ChannelModel> {
  try {
    return await amqplib.connect(brokerUrl);
  } catch (error) {
    throw new Error(
      'RabbitMQ is down: start it with `rabbitmq-server -detached` (see /work/shared/TESTING.md)',
      { cause: error },
    );
  }
}

/** Deletes the exchanges and queues of a benchmark run. */
export async function deleteBenchTopology(exchange: string): Promise<void> {
  const model = await connectBroker();
  const channel = await model.createChannel();
  for (const queue of [`${exchange}.q`, `${exchange}.dlq`]) await channel.deleteQueue(queue);
  for (const name of [exchange, `${exchange}.dlx`]) await channel.deleteExchange(name);
  await model.close();
}

/** Drops every client connection of the broker. */
export async function closeAllConnections(): Promise<void> {
  await promisify(execFile)('rabbitmqctl', ['close_all_connections', 'stockpoller bench']);
}

/** How often each message id sits in `queue`, read by a consumer that drains it. */
export async function tallyQueue(queue: string): Promise<Map<string, number>> {
  const model = await connectBroker();
  const channel = await model.createChannel();
  const expected = (await channel.checkQueue(queue)).messageCount;
  const counts = new Map<string, number>();
  let seen = 0;
  await channel.prefetch(2000);
  await new Promise<void>((resolve) => {
    void channel.consume(queue, (message) => {
      if (message === null) return;
      const id = String(message.properties.messageId);
      counts.set(id, (counts.get(id) ?? 0) + 1);
      channel.ack(message);
      seen += 1;
      if (seen === expected) resolve();
    });
    if (expected === 0) resolve();
  });
  await model.close();
  return counts;
}
