import type { Writable } from 'node:stream';
import type { Logger } from 'pino';
import type { Envelope } from '../../core/contract/types.js';
import { StockpollerError, describeError } from '../../core/errors/index.js';
import type { DeliveryResult, TransportInstance } from '../../core/plugins/types.js';
import type { StdoutOptions } from './options-schema.js';

/**
 * Creates a transport that writes one JSON value per message, each followed by a newline, to
 * `stream` (process.stdout unless a test gives another). Writes wait for 'drain' when the
 * stream's buffer is full. A message counts as delivered once the stream has accepted it
 * (its write callback ran without error); after a stream error every message still pending,
 * and every later one, fails with SP_ERR_TRANSPORT_PUBLISH_FAILED. `stop()` never closes the
 * stream: it belongs to whoever created it.
 */
export function createStdoutTransport(
  options: StdoutOptions,
  stream: Writable,
  log: Logger,
): TransportInstance {
  const indent = options.pretty ? 2 : undefined;
  let streamError: Error | undefined;
  let stopped = false;
  // Publishes run one after another so that batches never interleave while one awaits 'drain'.
  let queue: Promise<unknown> = Promise.resolve();

  const onError = (error: Error): void => {
    if (streamError) return;
    streamError = error;
    log.error({ err: error }, 'output stream failed');
  };
  stream.on('error', onError);

  const serialize = (envelope: Envelope): string =>
    JSON.stringify(options.format === 'record' ? envelope.record : envelope, null, indent) + '\n';

  const publishBatch = async (envelopes: readonly Envelope[]): Promise<DeliveryResult[]> => {
    const writes: Promise<DeliveryResult>[] = [];
    for (const envelope of envelopes) {
      if (streamError) {
        writes.push(Promise.resolve(failed(envelope.id, describeError(streamError), streamError)));
        continue;
      }
      writes.push(writeOne(stream, envelope.id, serialize(envelope)));
      // A destroyed stream never drains; its pending writes fail through their callbacks.
      if (stream.writableNeedDrain && !stream.destroyed) {
        try {
          await waitForDrain(stream);
        } catch (error) {
          onError(error instanceof Error ? error : new Error(describeError(error)));
        }
      }
    }
    return Promise.all(writes);
  };

  return {
    publish(envelopes: readonly Envelope[]): Promise<DeliveryResult[]> {
      // Batches handed over before stop() are still written; later ones are refused.
      if (stopped) {
        return Promise.resolve(envelopes.map(({ id }) => failed(id, 'the transport is stopped')));
      }
      const run = queue.then(() => publishBatch(envelopes));
      queue = run.catch(() => undefined);
      return run;
    },

    async flush(): Promise<void> {
      await queue;
    },

    async stop(): Promise<void> {
      stopped = true;
      await queue;
      stream.off('error', onError);
    },
  };
}

/** Writes one message; resolves with its delivery result once the stream has taken it. */
function writeOne(stream: Writable, id: string, text: string): Promise<DeliveryResult> {
  return new Promise((resolve) => {
    stream.write(text, (error) => {
      resolve(error ? failed(id, describeError(error), error) : { id, delivered: true });
    });
  });
}

/** Resolves on 'drain'; rejects if the stream errors or closes first. */
function waitForDrain(stream: Writable): Promise<void> {
  return new Promise((resolve, reject) => {
    const cleanUp = (): void => {
      stream.off('drain', onDrain);
      stream.off('error', onError);
      stream.off('close', onClose);
    };
    const onDrain = (): void => {
      cleanUp();
      resolve();
    };
    const onError = (error: Error): void => {
      cleanUp();
      reject(error);
    };
    const onClose = (): void => {
      cleanUp();
      reject(new Error('the output stream closed'));
    };
    stream.on('drain', onDrain);
    stream.on('error', onError);
    stream.on('close', onClose);
  });
}

function failed(id: string, reason: string, cause?: unknown): DeliveryResult {
  return {
    id,
    delivered: false,
    error: new StockpollerError(
      'SP_ERR_TRANSPORT_PUBLISH_FAILED',
      `stdout transport could not write message ${id}: ${reason}`,
      'Check that standard output is open (a closed pipe, such as `| head`, ends it).',
      cause === undefined ? undefined : { cause },
    ),
  };
}
