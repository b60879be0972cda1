import type { Channel, ChannelModel } from 'amqplib';
import { topologyError } from './connect-target.js';
import type { RabbitmqOptions } from './options-schema.js';

/** The binding key of the dead-letter queue: every routing key. */
export const deadLetterBindingKey = '#';

type TopologyOptions = Pick<
  RabbitmqOptions,
  'assert' | 'exchange' | 'exchangeType' | 'queues' | 'deadLetter'
>;

/**
 * Declares what the options ask for, all durable, on a short-lived channel of `model`: the
 * exchange, each queue with its arguments and bindings, and (with dead-lettering on) the
 * dead-letter exchange, of type topic so that messages keep their routing key, and its queue
 * bound with `#`. Declaring is idempotent, so this runs on every (re)connect and restores what
 * a broker restart without durable storage lost. Does nothing when `assert` is false.
 * Throws SP_ERR_TRANSPORT_TOPOLOGY naming what the broker refused.
 */
export async function assertTopology(model: ChannelModel, options: TopologyOptions): Promise<void> {
  if (!options.assert) return;
  const channel = await model.createChannel();
  // A refused declaration closes the channel; the rejected call reports it, so the 'error'
  // event carries nothing new (and unhandled it would crash the process).
  channel.on('error', () => undefined);
  try {
    await declare(`the exchange "${options.exchange}"`, () =>
      channel.assertExchange(options.exchange, options.exchangeType, { durable: true }),
    );
    for (const queue of options.queues) {
      await declare(`the queue "${queue.name}"`, () =>
        channel.assertQueue(queue.name, { durable: true, arguments: { ...queue.arguments } }),
      );
      for (const key of queue.bindingKeys) {
        await declare(`the binding "${key}" of queue "${queue.name}"`, () =>
          channel.bindQueue(queue.name, options.exchange, key),
        );
      }
    }
    if (options.deadLetter.enabled) await declareDeadLetter(channel, options.deadLetter);
  } finally {
    await channel.close().catch(() => undefined);
  }
}

async function declareDeadLetter(
  channel: Channel,
  deadLetter: RabbitmqOptions['deadLetter'],
): Promise<void> {
  await declare(`the dead-letter exchange "${deadLetter.exchange}"`, () =>
    channel.assertExchange(deadLetter.exchange, 'topic', { durable: true }),
  );
  await declare(`the dead-letter queue "${deadLetter.queue}"`, () =>
    channel.assertQueue(deadLetter.queue, { durable: true }),
  );
  await declare(`the binding of the dead-letter queue "${deadLetter.queue}"`, () =>
    channel.bindQueue(deadLetter.queue, deadLetter.exchange, deadLetterBindingKey),
  );
}

async function declare(what: string, run: () => Promise<unknown>): Promise<void> {
  try {
    await run();
  } catch (error) {
    throw topologyError(`to declare ${what}`, error);
  }
}
