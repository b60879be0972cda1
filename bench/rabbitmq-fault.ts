/**
 * RabbitMQ fault benchmark: 50,000 records through the rabbitmq transport in batches of 500
 * while the broker drops every client connection twice (rabbitmqctl close_all_connections, at
 * about a third and two thirds of the run). A consumer then reads the queue and counts the
 * missing ids (must be zero) and the duplicates (allowed: delivery is at least once). Needs the
 * broker at 127.0.0.1:5672 and rabbitmqctl (run as root).
 *
 *   node dist/bench/rabbitmq-fault.js [--messages 50000]
 */
import { pino } from 'pino';
import { createRabbitmqTransport } from '../plugins/transport-rabbitmq/rabbitmq-transport.js';
import {
  benchContext,
  benchEnvelopes,
  benchOptions,
  closeAllConnections,
  deleteBenchTopology,
  numberFlag,
  tallyQueue,
} from './rabbitmq-kit.js';

const messages = numberFlag('messages', 50_000);
const batchSize = 500;
const killsAt = [Math.floor(messages / 3), Math.floor((2 * messages) / 3)];

// Warnings and above, counted by message, show what the transport went through.
const events = new Map<string, number>();
let republished = 0;
const log = pino(
  { level: 'info' },
  {
    write(line: string): void {
      const entry = JSON.parse(line) as { msg: string; messages?: number };
      events.set(entry.msg, (events.get(entry.msg) ?? 0) + 1);
      if (entry.msg === 'confirms lost with the connection, publishing again') {
        republished += entry.messages ?? 0;
      }
    },
  },
);

const { exchange, queue, options } = benchOptions();
const transport = createRabbitmqTransport(benchContext(log), options);
await transport.start?.();
const envelopes = benchEnvelopes(messages);
const kills: Promise<void>[] = [];
let failed = 0;
const started = performance.now();
for (let index = 0; index < messages; index += batchSize) {
  // The second drop waits for the first, so that they are two separate losses.
  if (kills.length < killsAt.length && index >= (killsAt[kills.length] ?? Infinity)) {
    kills.push((kills.at(-1) ?? Promise.resolve()).then(closeAllConnections));
  }
  const results = await transport.publish(envelopes.slice(index, index + batchSize));
  failed += results.filter((result) => !result.delivered).length;
}
await Promise.all(kills);
const elapsedMs = performance.now() - started;
await transport.stop?.();

const counts = await tallyQueue(queue);
await deleteBenchTopology(exchange);
const missing = envelopes.filter(({ id }) => !counts.has(id)).length;
const duplicates = [...counts.values()].reduce((sum, n) => sum + n - 1, 0);
console.log(
  `rabbitmq fault run, ${messages} records, batches of ${batchSize}, node ${process.version}`,
);
console.log(`  connections dropped      ${kills.length} (rabbitmqctl close_all_connections)`);
console.log(
  `  connection losses seen   ${events.get('rabbitmq connection lost, reconnecting') ?? 0}`,
);
console.log(`  reconnects               ${events.get('reconnected to rabbitmq') ?? 0}`);
console.log(`  re-published (lost acks) ${republished}`);
console.log(`  reported failed          ${failed}`);
console.log(`  distinct ids received    ${counts.size}`);
console.log(`  missing ids              ${missing} (must be 0)`);
console.log(`  duplicates               ${duplicates}`);
console.log(
  `  elapsed                  ${(elapsedMs / 1000).toFixed(1)} s (${Math.round((messages / elapsedMs) * 1000)} msg/s)`,
);
process.exitCode = missing === 0 && failed === 0 ? 0 : 1;
