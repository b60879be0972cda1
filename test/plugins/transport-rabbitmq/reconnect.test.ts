import { setTimeout as sleep } from 'node:timers/promises';
import { expect } from 'chai';
import type { DeliveryResult, TransportInstance } from '../../../core/plugins/types.js';
import { createRabbitmqTransport } from '../../../plugins/transport-rabbitmq/rabbitmq-transport.js';
import { createTestContext } from '../../helpers/plugin-context.js';
import {
  closeAllConnections,
  deleteTopology,
  drainQueue,
  optionsFor,
  requireBroker,
  uniqueNames,
  type TestNames,
} from './broker.js';
import { captureLogs, quoteEnvelopes, type LogEntry } from './fixtures.js';

/** How many times each id arrived. */
function tally(ids: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const id of ids) counts.set(id, (counts.get(id) ?? 0) + 1);
  return counts;
}

describe('rabbitmq transport reconnection', () => {
  let names: TestNames;
  let transport: TransportInstance | undefined;
  let entries: () => LogEntry[];

  before(requireBroker);

  beforeEach(async () => {
    names = uniqueNames();
    const logs = captureLogs();
    entries = logs.entries;
    transport = createRabbitmqTransport(createTestContext({ log: logs.log }), optionsFor(names));
    await transport.start?.();
  });

  afterEach(async () => {
    await transport?.stop?.();
    await deleteTopology(names);
  });

  /**
   * Publishes `count` messages in batches of `batchSize`, one batch at a time like the kernel's
   * buffer, and has the broker drop every connection once `killAt` messages are out. While
   * rabbitmqctl runs (about a second) messages go out one by one, so that one is almost always
   * waiting for its confirm when the connection drops; if they run out first, the rest waits
   * for the drop. The remainder goes in batches on the new connection.
   */
  async function publishThroughKill(count: number, batchSize: number, killAt: number) {
    const envelopes = quoteEnvelopes(count);
    const results: DeliveryResult[] = [];
    const broker = { killed: false };
    let kill: Promise<void> | undefined;
    for (let start = 0; start < count;) {
      if (kill === undefined && start >= killAt) {
        kill = closeAllConnections().then(() => {
          broker.killed = true;
        });
      }
      const size = kill !== undefined && !broker.killed ? 1 : batchSize;
      while (kill !== undefined && !broker.killed && start >= count - batchSize) await sleep(20);
      results.push(...(await transport!.publish(envelopes.slice(start, start + size))));
      start += size;
    }
    await kill;
    return { envelopes, results };
  }

  it('reconnects and re-publishes what was unconfirmed when the broker drops the connection', async () => {
    const { envelopes, results } = await publishThroughKill(1000, 50, 100);
    const received = tally(
      (await drainQueue(names.queue)).map((m) => m.properties.messageId as string),
    );

    expect(results.every((result) => result.delivered)).to.equal(true);
    expect(envelopes.filter(({ id }) => !received.has(id))).to.deep.equal([]);
    const messages = entries().map((entry) => entry.msg);
    expect(messages).to.include('rabbitmq connection lost, reconnecting');
    expect(messages).to.include('reconnected to rabbitmq');
  });

  it('delivers every one of 2000 records at least once across a killed connection', async () => {
    const { envelopes, results } = await publishThroughKill(2000, 50, 400);
    const received = tally(
      (await drainQueue(names.queue)).map((m) => m.properties.messageId as string),
    );

    const missing = envelopes.filter(({ id }) => !received.has(id)).map(({ id }) => id);
    const duplicates = [...received.values()].reduce((sum, n) => sum + n - 1, 0);
    const republished = entries()
      .filter((entry) => entry.msg === 'confirms lost with the connection, publishing again')
      .reduce((sum, entry) => sum + Number(entry.messages), 0);
    console.log(
      `      2000 published: ${received.size} distinct ids received, ${duplicates} duplicates, ` +
        `${republished} re-published after the connection loss`,
    );
    expect(missing).to.deep.equal([]);
    expect(received.size).to.equal(2000);
    expect(results.filter((result) => !result.delivered)).to.deep.equal([]);
    expect(entries().map((entry) => entry.msg)).to.include('reconnected to rabbitmq');
  });
});
