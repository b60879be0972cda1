import type { Channel, ChannelModel, ConfirmChannel, GetMessage } from 'amqplib';
import type { Logger } from 'pino';
import { StockpollerError, describeError, isStockpollerError } from '../../core/errors/index.js';
import type {
  Clock,
  DeadLetter,
  DeadLetterAccess,
  RedriveResult,
} from '../../core/plugins/types.js';
import type { ConnectFn } from './broker-link.js';
import { connectFailedError, type ConnectTarget } from './connect-target.js';
import { publishRound } from './confirm-round.js';
import { describeDeadLetter, toRedriven } from './dead-letter-message.js';
import type { RabbitmqOptions } from './options-schema.js';

/** What the dead-letter access needs from the transport. */
export interface DeadLetterDependencies {
  /** Where to connect; throws when the transport is not started or is stopping. */
  readonly connection: () => { readonly target: ConnectTarget; readonly connect: ConnectFn };
  readonly options: Pick<
    RabbitmqOptions,
    'exchange' | 'mandatory' | 'deadLetter' | 'connectionName'
  >;
  readonly clock: Clock;
  readonly log: Logger;
}

// Messages taken from the queue and re-published before their confirms are awaited.
const redriveChunk = 500;

/**
 * Reads and redrives the dead-letter queue, on a connection of its own for the duration of the
 * call (with Nagle's algorithm off: basic.get is request and reply). `inspect` takes messages
 * with basic.get and hands them all back unacknowledged (nack with requeue), so they stay where
 * they were, oldest first. `redrive` re-publishes each to the main exchange with its original
 * routing key and acknowledges it in the dead-letter queue only after the broker confirmed the
 * re-publish; a message that could not be moved is handed back. Undefined when
 * dead-lettering is off.
 */
export function createDeadLetterAccess(deps: DeadLetterDependencies): DeadLetterAccess | undefined {
  const { options, clock, log } = deps;
  if (!options.deadLetter.enabled) return undefined;
  const queue = options.deadLetter.queue;

  return {
    inspect(limit: number): Promise<DeadLetter[]> {
      return withQueueChannel(deps, async (channel) => {
        const taken = await takeMessages(channel, queue, limit);
        return taken.map((message) => describeDeadLetter(message, clock.now()));
      });
    },

    async redrive(limit: number, dryRun: boolean): Promise<RedriveResult> {
      if (dryRun) {
        const count = await withQueueChannel(deps, async (channel) => {
          return (await channel.checkQueue(queue)).messageCount;
        });
        return { moved: 0, failed: 0, wouldMove: Math.min(limit, count) };
      }
      const result = await withQueueChannel(deps, async (channel, model) => {
        const publisher = await model.createConfirmChannel();
        publisher.on('error', () => undefined);
        let moved = 0;
        let failed = 0;
        for (;;) {
          const room = Math.min(redriveChunk, limit - moved - failed);
          const taken = room > 0 ? await takeMessages(channel, queue, room) : [];
          if (taken.length === 0) break;
          const confirmed = await republish(publisher, taken, options);
          for (const [index, message] of taken.entries()) {
            // Acknowledged only once the copy is safe; the others go back at the end.
            if (confirmed[index] === true) {
              channel.ack(message);
              moved += 1;
            } else {
              failed += 1;
            }
          }
        }
        return { moved, failed, wouldMove: 0 };
      });
      log.info({ queue, moved: result.moved, failed: result.failed }, 'dead letters redriven');
      return result;
    },
  };
}

/** Whether the broker confirmed the re-publish of each message (unroutable counts as no). */
async function republish(
  publisher: ConfirmChannel,
  messages: readonly GetMessage[],
  options: DeadLetterDependencies['options'],
): Promise<boolean[]> {
  const outgoing = messages.map((message) =>
    toRedriven(message, options.exchange, options.mandatory),
  );
  const outcomes = await publishRound(publisher, outgoing, { canPublish: () => true });
  return outcomes.map((outcome) => outcome.status === 'confirmed');
}

/** Up to `limit` messages, unacknowledged, in queue order. */
async function takeMessages(channel: Channel, queue: string, limit: number): Promise<GetMessage[]> {
  const taken: GetMessage[] = [];
  while (taken.length < limit) {
    const message = await channel.get(queue, { noAck: false });
    if (message === false) break;
    taken.push(message);
  }
  return taken;
}

/**
 * Runs `work` on a channel of a connection opened for it, then hands every message `work` did
 * not acknowledge back to the queue (nack with requeue, which RabbitMQ puts back in its place)
 * and closes the connection.
 */
async function withQueueChannel<T>(
  deps: DeadLetterDependencies,
  work: (channel: Channel, model: ChannelModel) => Promise<T>,
): Promise<T> {
  const { target, connect } = deps.connection();
  const queue = deps.options.deadLetter.queue;
  let model: ChannelModel;
  try {
    model = await connect(target.url, {
      ...target.socketOptions,
      noDelay: true,
      clientProperties: { connection_name: `${deps.options.connectionName} dead letters` },
    });
  } catch (error) {
    throw connectFailedError(target, error);
  }
  model.on('error', () => undefined);
  try {
    const channel = await model.createChannel();
    channel.on('error', () => undefined);
    try {
      return await work(channel, model);
    } finally {
      try {
        channel.nackAll(true);
      } catch {
        // A channel the broker closed has already returned its messages to the queue.
      }
      // Closing the channel first (close-ok comes after the broker has handled the acks and
      // the nack) keeps the connection's close from overtaking them.
      await channel.close().catch(() => undefined);
    }
  } catch (error) {
    if (isStockpollerError(error)) throw error;
    throw deadLetterQueueError(queue, error);
  } finally {
    await model.close().catch(() => undefined);
  }
}

function deadLetterQueueError(queue: string, cause: unknown): StockpollerError {
  const text = describeError(cause);
  const missing = /\b404\b|NOT[-_]FOUND/.test(text);
  return new StockpollerError(
    'SP_ERR_TRANSPORT_DEAD_LETTERS',
    `cannot read the rabbitmq dead-letter queue "${queue}": ${text}`,
    missing
      ? 'Declare it with assert: true (deadLetter.queue), or fix its name.'
      : 'Check the user may read the queue and publish to the exchange.',
    { cause, failure: { kind: missing ? 'not_found' : 'unavailable', retryable: !missing } },
  );
}
