/**
 * RabbitMQ throughput: messages per second through the rabbitmq transport (publish() with
 * batches of 500, publisher confirms) next to a bare amqplib loop that publishes the same
 * bytes, properties and headers and calls waitForConfirms() every 500 messages, both measured
 * in this run, alternating so that machine noise hits both alike. Target: the transport at
 * 0.9x the bare loop or better. Needs the broker at 127.0.0.1:5672.
 *
 *   node dist/bench/rabbitmq-throughput.js [--messages 50000] [--rounds 3]
 */
import { messageAttributesOf } from '../core/contract/attributes.js';
import type { Envelope } from '../core/contract/types.js';
import { createRabbitmqTransport } from '../plugins/transport-rabbitmq/rabbitmq-transport.js';
import {
  benchContext,
  benchEnvelopes,
  benchOptions,
  connectBroker,
  deleteBenchTopology,
  numberFlag,
} from './rabbitmq-kit.js';

const messages = numberFlag('messages', 50_000);
const rounds = numberFlag('rounds', 3);
const batchSize = 500;
const targetRatio = 0.9;

/** Messages per second through the transport, from start() done to the last batch confirmed. */
async function runTransport(envelopes: readonly Envelope[]): Promise<number> {
  const { exchange, options } = benchOptions();
  const transport = createRabbitmqTransport(benchContext(), options);
  await transport.start?.();
  const started = performance.now();
  for (let index = 0; index < envelopes.length; index += batchSize) {
    const results = await transport.publish(envelopes.slice(index, index + batchSize));
    if (results.some((result) => !result.delivered)) throw new Error('a message was not delivered');
  }
  const elapsedMs = performance.now() - started;
  await transport.stop?.();
  await deleteBenchTopology(exchange);
  return (envelopes.length / elapsedMs) * 1000;
}

/** Messages per second of a plain amqplib confirm channel publishing the same messages. */
async function runBareLoop(envelopes: readonly Envelope[]): Promise<number> {
  const { exchange, queue } = benchOptions();
  const model = await connectBroker();
  const channel = await model.createConfirmChannel();
  await channel.assertExchange(exchange, 'topic', { durable: true });
  await channel.assertQueue(queue, { durable: true });
  await channel.bindQueue(queue, exchange, '#');
  // Serialized up front: the loop measures the broker path, not JSON.stringify.
  const prepared = envelopes.map((envelope) => ({
    body: Buffer.from(JSON.stringify(envelope)),
    attributes: messageAttributesOf(envelope),
  }));
  const started = performance.now();
  for (const [index, { body, attributes }] of prepared.entries()) {
    channel.publish(
      exchange,
      `${attributes.recordType}.${attributes.provider}.${attributes.symbol}`,
      body,
      {
        contentType: attributes.contentType,
        messageId: attributes.messageId,
        type: attributes.schema,
        appId: 'stockpoller',
        timestamp: 0,
        persistent: true,
        mandatory: true,
        headers: { ...attributes },
      },
    );
    if ((index + 1) % batchSize === 0) await channel.waitForConfirms();
  }
  await channel.waitForConfirms();
  const elapsedMs = performance.now() - started;
  await model.close();
  await deleteBenchTopology(exchange);
  return (envelopes.length / elapsedMs) * 1000;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

const envelopes = benchEnvelopes(messages);
const bodyBytes = Buffer.byteLength(JSON.stringify(envelopes[0]));
const bare: number[] = [];
const transport: number[] = [];
// One short warm-up of each fills the JIT and the broker's caches; it is not counted.
await runBareLoop(envelopes.slice(0, 5000));
await runTransport(envelopes.slice(0, 5000));
for (let round = 0; round < rounds; round += 1) {
  bare.push(await runBareLoop(envelopes));
  transport.push(await runTransport(envelopes));
}

const ratio = median(transport) / median(bare);
const format = (rate: number): string => Math.round(rate).toLocaleString('en-US').padStart(8);
console.log(
  `rabbitmq throughput, ${messages} persistent messages of ${bodyBytes} B, batches of ${batchSize}, ` +
    `${rounds} rounds, node ${process.version}`,
);
console.log(
  `  bare amqplib, waitForConfirms every ${batchSize}  median ${format(median(bare))} msg/s   runs ${bare.map(format).join(' ')}`,
);
console.log(
  `  rabbitmq transport, publish()           median ${format(median(transport))} msg/s   runs ${transport.map(format).join(' ')}`,
);
console.log(`  ratio ${ratio.toFixed(2)}x (target >= ${targetRatio}x)`);
process.exitCode = ratio >= targetRatio ? 0 : 1;
