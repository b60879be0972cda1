import { definePlugin } from '../../core/plugins/define.js';
import { sqsOptionsSchema, type SqsOptions } from './options-schema.js';

/**
 * The `sqs` transport: publishes each message to an Amazon SQS queue (standard or FIFO) with
 * SendMessageBatch, and gives `stockpoller dlq` access to the queue's dead-letter queue.
 */
export default definePlugin<'transport', SqsOptions>({
  kind: 'transport',
  name: 'sqs',
  version: '0.1.0',
  core: '^0.1.0',
  description: 'Publishes each message to an Amazon SQS queue (standard or FIFO).',
  optionsSchema: sqsOptionsSchema,
  async create(context, options) {
    // The implementation loads the AWS SDK; validate-config must never pay for that.
    const { createSqsTransport } = await import('./sqs-transport.js');
    return createSqsTransport(options, context);
  },
});
