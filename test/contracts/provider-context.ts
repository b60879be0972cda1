import { Writable } from 'node:stream';
import { pino } from 'pino';
import { HttpPools } from '../../core/kernel/http-pools.js';
import { StockpollerError } from '../../core/errors/index.js';
import type { PluginContext } from '../../core/plugins/types.js';

/** A plugin context with real HTTP pools and a logger whose every line is kept. */
export interface RecordingContext {
  readonly context: PluginContext;
  /** Every log line written so far, as JSON text. */
  readonly logLines: string[];
  close(): Promise<void>;
}

/** Builds a context for provider tests: real undici pools, a fixed clock, logs kept. */
export function createRecordingContext(label: string, nowMs: number): RecordingContext {
  const logLines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      logLines.push(chunk.toString());
      callback();
    },
  });
  const pools = new HttpPools();
  const context: PluginContext = {
    log: pino({ level: 'trace' }, sink).child({ kind: 'provider', label }),
    label,
    clock: { now: () => nowMs },
    cache: undefined,
    secret: (path) =>
      Promise.reject(new StockpollerError('SP_ERR_SECRET_NOT_FOUND', `no secret ${path} in tests`)),
    http: (origin, options) => pools.create(origin, options),
  };
  return { context, logLines, close: () => pools.closeAll() };
}
