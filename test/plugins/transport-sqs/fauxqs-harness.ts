import {
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SQSClient,
  type Message,
  type SendMessageBatchCommandOutput,
} from '@aws-sdk/client-sqs';
import { startFauxqs, type FauxqsServer } from 'fauxqs';
import sinon from 'sinon';
import { createEnvelope } from '../../../core/contract/envelope.js';
import type { Envelope, Quote } from '../../../core/contract/types.js';
import { createAjv } from '../../../core/schema/ajv.js';
import {
  sqsOptionsSchema,
  type SqsOptions,
} from '../../../plugins/transport-sqs/options-schema.js';

// Every AWS client on Node 20 would print a support warning into the test output.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

/** fauxqs in this process, and a client pointed at it. */
export interface Fauxqs {
  readonly server: FauxqsServer;
  readonly endpoint: string;
  readonly client: SQSClient;
  stop(): Promise<void>;
}

/** Starts fauxqs on a free port. */
export async function startEmulator(): Promise<Fauxqs> {
  const server = await startFauxqs({ port: 0, logger: false });
  const endpoint = `http://127.0.0.1:${server.port}`;
  const client = createTestClient(endpoint);
  return {
    server,
    endpoint,
    client,
    async stop() {
      client.destroy();
      await server.stop();
    },
  };
}

/** An SQS client for fauxqs with fake credentials and no SDK retries. */
export function createTestClient(endpoint: string): SQSClient {
  return new SQSClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1,
  });
}

/**
 * Options as the kernel would hand them over: validated against the plugin's schema with
 * its defaults filled in, plus the endpoint and fake credentials of the emulator. Retries
 * are quick so that tests of the retry path stay short.
 */
export function optionsFor(fauxqs: Fauxqs, options: Record<string, unknown>): SqsOptions {
  const validate = createAjv({ coerceTypes: false, useDefaults: true }).compile(sqsOptionsSchema);
  const candidate: Record<string, unknown> = {
    endpoint: fauxqs.endpoint,
    region: 'us-east-1',
    accessKeyId: 'test',
    secretAccessKey: 'test',
    retryBaseDelayMs: 5,
    retryMaxDelayMs: 20,
    ...options,
  };
  if (!validate(candidate)) throw new Error(`invalid options: ${JSON.stringify(validate.errors)}`);
  return candidate as unknown as SqsOptions;
}

/** A quote envelope; `currency` is a field the tests use to shape the message body. */
export function quoteEnvelope(symbol: string, price: number, currency = 'USD'): Envelope<Quote> {
  const record: Quote = {
    symbol,
    provider: 'simulated',
    price,
    open: null,
    high: null,
    low: null,
    close: null,
    previousClose: null,
    change: null,
    changePercent: null,
    volume: null,
    currency,
    timestamp: '2026-03-10T15:00:00.000Z',
  };
  return createEnvelope({ schema: 'stockpoller.quote', record, pipeline: 'main', fetchedAt: 0 });
}

/** `count` quote envelopes of distinct prices, so each has its own id. */
export function quoteEnvelopes(count: number, symbol = 'AAPL'): Envelope<Quote>[] {
  return Array.from({ length: count }, (_, index) => quoteEnvelope(symbol, 100 + index / 100));
}

/** Receives and deletes everything in a queue, in the order SQS hands it out. */
export async function drainQueue(client: SQSClient, queueUrl: string): Promise<Message[]> {
  const drained: Message[] = [];
  for (;;) {
    const answer = await client.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: 10,
        MessageAttributeNames: ['All'],
        MessageSystemAttributeNames: ['All'],
      }),
    );
    const messages = answer.Messages ?? [];
    if (messages.length === 0) return drained;
    drained.push(...messages);
    await client.send(
      new DeleteMessageBatchCommand({
        QueueUrl: queueUrl,
        Entries: messages.map((message, index) => ({
          Id: String(index),
          ReceiptHandle: message.ReceiptHandle,
        })),
      }),
    );
  }
}

/** ApproximateNumberOfMessages of a queue (exact in fauxqs). */
export async function countMessages(client: SQSClient, queueUrl: string): Promise<number> {
  const answer = await client.send(
    new GetQueueAttributesCommand({
      QueueUrl: queueUrl,
      AttributeNames: ['ApproximateNumberOfMessages'],
    }),
  );
  return Number(answer.Attributes?.ApproximateNumberOfMessages);
}

/** The envelope ids in drained message bodies. */
export function idsOf(messages: readonly Message[]): string[] {
  return messages.map((message) => (JSON.parse(message.Body ?? '{}') as Envelope).id);
}

/** A SendMessageBatch answer in which SQS failed the listed entries on its own side. */
export function withServerFaults(
  answer: SendMessageBatchCommandOutput,
  ids: readonly string[],
): SendMessageBatchCommandOutput {
  return {
    ...answer,
    Failed: ids.map((id) => ({
      Id: id,
      SenderFault: false,
      Code: 'InternalError',
      Message: 'fault injected by the test',
    })),
  };
}

/** The client's send(), as the fakes below see it. */
export type Send = (command: unknown) => Promise<unknown>;

/**
 * Replaces `client.send` (until sinon.restore()) with `fake`, which gets the real send to
 * call through to. Returns the spy that records every command.
 */
export function replaceSend(
  client: SQSClient,
  fake: (command: unknown, send: Send) => Promise<unknown>,
): sinon.SinonSpy {
  const send = client.send.bind(client) as Send;
  const spy = sinon.fake((command: unknown) => fake(command, send));
  sinon.replace(client, 'send', spy);
  return spy;
}
