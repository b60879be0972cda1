import { envelopeJson } from '../../core/contract/serialize.js';
import { open } from 'node:fs/promises';
import type { Logger } from 'pino';
import type { Envelope } from '../../core/contract/types.js';
import { StockpollerError, describeError, type FailureInfo } from '../../core/errors/index.js';
import type { DeliveryResult, TransportInstance } from '../../core/plugins/types.js';
import type { FileOptions } from './options-schema.js';
import { RotatingFile } from './rotating-file.js';

interface Line {
  readonly id: string;
  readonly bytes: Buffer;
}

/**
 * Creates a transport that appends one JSON line per message to `options.path`, rotating the
 * file by size. Batches are written one after another, never interleaved. A message counts as
 * delivered once its line is written and, with `fsync: batch`, flushed to disk; when a write
 * fails, the messages not yet confirmed fail with a classified SP_ERR_TRANSPORT_PUBLISH_FAILED
 * and later batches try again.
 */
export function createFileTransport(options: FileOptions, log: Logger): TransportInstance {
  const policy = {
    maxBytes: options.maxBytes,
    maxFiles: options.maxFiles,
    fsync: options.fsync === 'batch',
  };
  let queue: Promise<unknown> = Promise.resolve();
  let stopped = false;

  const lineOf = (envelope: Envelope): Line => ({
    id: envelope.id,
    bytes: Buffer.from(
      `${options.format === 'record' ? JSON.stringify(envelope.record) : envelopeJson(envelope)}\n`,
    ),
  });

  const writeBatch = async (envelopes: readonly Envelope[]): Promise<DeliveryResult[]> => {
    const lines = envelopes.map(lineOf);
    let confirmed = 0;
    let failure: unknown;
    let file: RotatingFile | undefined;
    try {
      file = await RotatingFile.open(options.path, policy);
      // Lines are gathered into one write per file; a rotation confirms what came before it.
      let first = 0;
      let bytes = 0;
      for (let index = 0; index <= lines.length; index += 1) {
        const line = lines[index];
        if (line !== undefined && !file.needsRotation(bytes, line.bytes.length)) {
          bytes += line.bytes.length;
          continue;
        }
        if (index > first) {
          await file.append(Buffer.concat(lines.slice(first, index).map((l) => l.bytes)));
          await file.sync();
          confirmed = index;
        }
        if (line === undefined) break;
        await file.rotate();
        log.debug({ path: options.path }, 'file rotated');
        first = index;
        bytes = line.bytes.length;
      }
    } catch (error) {
      failure = error;
      log.warn(
        { err: error, path: options.path, failed: lines.length - confirmed },
        'file write failed',
      );
    } finally {
      await file?.close().catch((error: unknown) => {
        log.warn({ err: error, path: options.path }, 'file close failed');
      });
    }
    return lines.map((line, index) =>
      index < confirmed ? { id: line.id, delivered: true } : failed(line.id, options.path, failure),
    );
  };

  return {
    async start(): Promise<void> {
      try {
        const handle = await open(options.path, 'a');
        await handle.close();
      } catch (error) {
        throw new StockpollerError(
          'SP_ERR_TRANSPORT_SETUP_FAILED',
          `file transport cannot append to ${options.path}: ${describeError(error)}`,
          hintOf(classifyFsError(error)),
          { cause: error, failure: classifyFsError(error) },
        );
      }
    },

    publish(envelopes: readonly Envelope[]): Promise<DeliveryResult[]> {
      if (stopped) {
        const error = new Error('the transport is stopped');
        return Promise.resolve(envelopes.map(({ id }) => failed(id, options.path, error)));
      }
      const run = queue.then(() => writeBatch(envelopes));
      queue = run.catch(() => undefined);
      return run;
    },

    async flush(): Promise<void> {
      await queue;
    },

    async stop(): Promise<void> {
      stopped = true;
      await queue;
    },
  };
}

/** How a file system error should be treated: a full disk may clear, a missing directory not. */
export function classifyFsError(error: unknown): FailureInfo {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
    case 'ENOTDIR':
      return { kind: 'not_found', retryable: false };
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      return { kind: 'auth', retryable: false };
    case 'EISDIR':
      return { kind: 'bad_request', retryable: false };
    default:
      return { kind: 'unavailable', retryable: code !== undefined };
  }
}

function hintOf(failure: FailureInfo): string {
  switch (failure.kind) {
    case 'not_found':
      return 'Create the directory of path first; the transport creates only the file.';
    case 'auth':
      return 'Give the user stockpoller runs as write access to the file and its directory.';
    case 'bad_request':
      return 'Point path at a file, not a directory.';
    default:
      return 'Check free disk space and the health of the file system.';
  }
}

function failed(id: string, filePath: string, cause: unknown): DeliveryResult {
  const failure = classifyFsError(cause);
  return {
    id,
    delivered: false,
    error: new StockpollerError(
      'SP_ERR_TRANSPORT_PUBLISH_FAILED',
      `file transport could not write message ${id} to ${filePath}: ${describeError(cause)}`,
      hintOf(failure),
      { cause, failure },
    ),
  };
}
