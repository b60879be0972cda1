import { definePlugin } from '../../core/plugins/define.js';
import { rabbitmqOptionsSchema, type RabbitmqOptions } from './options-schema.js';

/**
 * The `rabbitmq` transport: publishes each message to an exchange with publisher confirms,
 * retries and dead-letters what the broker refuses, and re-publishes what a lost connection
 * left unconfirmed. amqplib is loaded only when an instance is created.
 */
export default definePlugin<'transport', RabbitmqOptions>({
  kind: 'transport',
  name: 'rabbitmq',
  version: '0.1.0',
  core: '^0.1.0',
  description: 'Publishes to a RabbitMQ exchange with publisher confirms and a dead-letter queue.',
  optionsSchema: rabbitmqOptionsSchema,
  async create(context, options) {
    const { createRabbitmqTransport } = await import('./rabbitmq-transport.js');
    return createRabbitmqTransport(context, options);
  },
});
