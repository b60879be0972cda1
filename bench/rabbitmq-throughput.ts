/**
 * RabbitMQ throughput: messages per second through the rabbitmq transport (publish() with
 * batches of 500, publisher confirms) next to a bare amqplib loop that publishes the same
 * bytes, properties and headers and calls waitForConfirms() every 500 messages. Both run in
 * this process, each on its own connection, exchange and durable queue, taking turns chunk by
 * chunk (which one goes first alternates), so that the broker's fsync rhythm and the machine's
 * load hit both alike. Target: the transport at 0.9x the bare loop or better. Needs the broker
 * at 127.0.0.1:5672.
 *
 *   node dist/bench/rabbitmq-throughput.js [--messages 100000] [--chunk 5000]
 */
import type { ConfirmChannel } from 'amqplib';
import { messageAttributesOf } from '../core/contract/attributes.js';
import type { Envelope } from '../core/contract/types.js';
import type { TransportInstance } from '../core/plugins/types.js';
import { createRabbitmqTransport } from '../plugins/transport-rabbitmq/rabbitmq-transport.js';
import {
  benchContext,
  benchEnvelopes,
  benchOptions,
  connectBroker,
  deleteBenchTopology,
  numberFlag,
} from './rabbitmq-kit.js';

const messages = numberFlag('messages', 100_000);
const chunkSize = numberFlag('chunk', 5000);
const batchSize = 500;
const targetRatio = 0.9;

interface Subject {
  readonly name: string;
  /** Publishes one chunk and resolves once the broker confirmed all of it. */
  readonly run: (chunk: readonly Envelope[]) => Promise<void>;
  readonly close: () => Promise<void>;
  readonly rates: number[];
  elapsedMs: number;
  /** Client CPU time (user and system) spent in its chunks. */
  cpuMicros: number;
}

async function transportSubject(exchanges: string[]): Promise<Subject> {
  const { exchange, options } = benchOptions();
  exchanges.push(exchange);
  const transport: TransportInstance = createRabbitmqTransport(benchContext(), options);
  await transport.start?.();
  return {
    name: 'rabbitmq transport, publish()',
    rates: [],
    elapsedMs: 0,
    cpuMicros: 0,
    close: async () => {
      await transport.stop?.();
    },
    async run(chunk) {
      for (let index = 0; index < chunk.length; index += batchSize) {
        const results = await transport.publish(chunk.slice(index, index + batchSize));
        if (results.some((result) => !result.delivered)) throw new Error('not delivered');
      }
    },
  };
}

async function bareSubject(exchanges: string[]): Promise<Subject> {
  const { exchange, queue } = benchOptions();
  exchanges.push(exchange);
  const model = await connectBroker();
  const channel: ConfirmChannel = await model.createConfirmChannel();
  await channel.assertExchange(exchange, 'topic', { durable: true });
  await channel.assertQueue(queue, { durable: true });
  await channel.bindQueue(queue, exchange, '#');
  return {
    name: `bare amqplib, waitForConfirms every ${batchSize}`,
    rates: [],
    elapsedMs: 0,
    cpuMicros: 0,
    close: () => model.close(),
    async run(chunk) {
      for (const [index, envelope] of chunk.entries()) {
        const attributes = messageAttributesOf(envelope);
        const routingKey = `${attributes.recordType}.${attributes.provider}.${attributes.symbol}`;
        channel.publish(exchange, routingKey, Buffer.from(JSON.stringify(envelope)), {
          contentType: attributes.contentType,
          messageId: attributes.messageId,
          type: attributes.schema,
          appId: 'stockpoller',
          timestamp: 0,
          persistent: true,
          mandatory: true,
          headers: { ...attributes },
        });
        if ((index + 1) % batchSize === 0) await channel.waitForConfirms();
      }
      await channel.waitForConfirms();
    },
  };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

const envelopes = benchEnvelopes(messages);
const exchanges: string[] = [];
const subjects = [await bareSubject(exchanges), await transportSubject(exchanges)] as const;
// A warm-up chunk each fills the JIT and the broker's caches; it is not counted.
for (const subject of subjects) await subject.run(envelopes.slice(0, 2000));

for (let start = 0, turn = 0; start < messages; start += chunkSize, turn += 1) {
  const chunk = envelopes.slice(start, start + chunkSize);
  for (const subject of turn % 2 === 0 ? subjects : [...subjects].reverse()) {
    const began = performance.now();
    const cpu = process.cpuUsage();
    await subject.run(chunk);
    const elapsedMs = performance.now() - began;
    const spent = process.cpuUsage(cpu);
    subject.cpuMicros += spent.user + spent.system;
    subject.elapsedMs += elapsedMs;
    subject.rates.push((chunk.length / elapsedMs) * 1000);
  }
}
for (const subject of subjects) await subject.close();
for (const exchange of exchanges) await deleteBenchTopology(exchange);

const [bare, transport] = subjects;
const overall = (subject: Subject): number => (messages / subject.elapsedMs) * 1000;
const format = (rate: number): string => Math.round(rate).toLocaleString('en-US').padStart(7);
const bodyBytes = Buffer.byteLength(JSON.stringify(envelopes[0]));
console.log(
  `rabbitmq throughput: ${messages} persistent messages of ~${bodyBytes} B each way, batches of ` +
    `${batchSize}, alternating chunks of ${chunkSize}, node ${process.version}`,
);
for (const subject of subjects) {
  console.log(
    `  ${subject.name.padEnd(40)} ${format(overall(subject))} msg/s` +
      `   (chunk median ${format(median(subject.rates))}, ` +
      `client CPU ${(subject.cpuMicros / messages).toFixed(1)} us/msg)`,
  );
}
const ratio = overall(transport) / overall(bare);
// Chunks run back to back in pairs; the median of the pairs' ratios shrugs off load spikes.
const paired = median(transport.rates.map((rate, index) => rate / (bare.rates[index] ?? rate)));
console.log(
  `  ratio ${ratio.toFixed(2)}x overall, ${paired.toFixed(2)}x median of paired chunks ` +
    `(target >= ${targetRatio}x)`,
);
process.exitCode = ratio >= targetRatio ? 0 : 1;
