import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import amqplib, { type ChannelModel, type GetMessage } from 'amqplib';
import { describeError } from '../../../core/errors/index.js';
import { createAjv } from '../../../core/schema/ajv.js';
import {
  rabbitmqOptionsSchema,
  type RabbitmqOptions,
} from '../../../plugins/transport-rabbitmq/options-schema.js';

/** The broker every RabbitMQ test talks to (see /work/shared/TESTING.md). */
export const brokerUrl = 'amqp://guest:guest@127.0.0.1:5672';

const howToStart =
  'RabbitMQ is down: these tests need the real broker at 127.0.0.1:5672 (guest/guest). Start it with ' +
  '`rabbitmq-server -detached && until rabbitmqctl -q await_startup >/dev/null 2>&1; do sleep 0.3; done`';

/** A fresh connection to the test broker; fails, never skips, when the broker is down. */
export async function connectToBroker(): Promise<ChannelModel> {
  try {
    return await amqplib.connect(brokerUrl, { timeout: 5000, noDelay: true });
  } catch (error) {
    throw new Error(`${howToStart} (connecting failed: ${describeError(error)})`, {
      cause: error,
    });
  }
}

/** Fails the suite at once, with how to start the broker, when it is not reachable. */
export async function requireBroker(): Promise<void> {
  const model = await connectToBroker();
  await model.close();
}

/** Names of one test's exchange, queue and dead-letter pair, unique per call. */
export interface TestNames {
  readonly exchange: string;
  readonly queue: string;
  readonly deadLetterExchange: string;
  readonly deadLetterQueue: string;
}

/** Unique names, so that tests never see each other's messages. */
export function uniqueNames(): TestNames {
  const base = `sp-test.${randomUUID().slice(0, 8)}`;
  return {
    exchange: base,
    queue: `${base}.q`,
    deadLetterExchange: `${base}.dlx`,
    deadLetterQueue: `${base}.dlq`,
  };
}

/** Transport options with the schema's defaults, aimed at the test broker and `names`. */
export function optionsFor(
  names: TestNames,
  overrides: Record<string, unknown> = {},
): RabbitmqOptions {
  const options: Record<string, unknown> = {
    url: brokerUrl,
    exchange: names.exchange,
    queues: [{ name: names.queue }],
    deadLetter: { exchange: names.deadLetterExchange, queue: names.deadLetterQueue },
    retry: { initialDelayMs: 10, maxDelayMs: 50 },
    reconnect: { initialDelayMs: 50, maxDelayMs: 1000 },
    ...overrides,
  };
  const validate = createAjv({ coerceTypes: false, useDefaults: true }).compile(
    rabbitmqOptionsSchema,
  );
  if (!validate(options)) throw new Error(`bad test options: ${JSON.stringify(validate.errors)}`);
  return options as unknown as RabbitmqOptions;
}

/** Deletes the exchanges and queues of `names` (and `extraQueues`), on a fresh connection. */
export async function deleteTopology(names: TestNames, extraQueues: string[] = []): Promise<void> {
  const model = await connectToBroker();
  try {
    const channel = await model.createChannel();
    for (const queue of [names.queue, names.deadLetterQueue, ...extraQueues]) {
      await channel.deleteQueue(queue);
    }
    await channel.deleteExchange(names.exchange);
    await channel.deleteExchange(names.deadLetterExchange);
  } finally {
    await model.close();
  }
}

/** Takes every message now in `queue` (acknowledged: they are gone afterwards). */
export async function drainQueue(queue: string): Promise<GetMessage[]> {
  const model = await connectToBroker();
  try {
    const channel = await model.createChannel();
    const messages: GetMessage[] = [];
    for (
      let message = await channel.get(queue);
      message !== false;
      message = await channel.get(queue)
    ) {
      messages.push(message);
      channel.ack(message);
    }
    return messages;
  } finally {
    await model.close();
  }
}

/** How many messages `queue` holds. */
export async function countMessages(queue: string): Promise<number> {
  const model = await connectToBroker();
  try {
    const channel = await model.createChannel();
    return (await channel.checkQueue(queue)).messageCount;
  } finally {
    await model.close();
  }
}

/** Drops every client connection of the broker, the way a broker restart or network cut does. */
export async function closeAllConnections(): Promise<void> {
  await promisify(execFile)('rabbitmqctl', ['close_all_connections', 'stockpoller test']);
}

/** Declares `queue` and binds it to the exchange of `names` with `#`, on a fresh connection. */
export async function bindQueue(names: TestNames, queue: string): Promise<void> {
  const model = await connectToBroker();
  try {
    const channel = await model.createChannel();
    await channel.assertQueue(queue, { durable: true });
    await channel.bindQueue(queue, names.exchange, '#');
  } finally {
    await model.close();
  }
}

/** The broker's view of each client connection: its name and negotiated heartbeat. */
export async function listConnections(): Promise<{ name: string; heartbeat: number }[]> {
  const { stdout } = await promisify(execFile)('rabbitmqctl', [
    'list_connections',
    'client_properties',
    'timeout',
    '--formatter',
    'json',
    '-q',
  ]);
  const rows = JSON.parse(stdout) as {
    client_properties: [string, string, unknown][];
    timeout: number;
  }[];
  return rows.map((row) => {
    const name = row.client_properties.find(([key]) => key === 'connection_name')?.[2];
    return { name: typeof name === 'string' ? name : '', heartbeat: row.timeout };
  });
}
