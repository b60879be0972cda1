import { Writable } from 'node:stream';
import { pino, type Logger } from 'pino';

/** One line a logger wrote, parsed. */
export interface LoggedLine {
  readonly level: number;
  readonly msg: string;
  readonly [field: string]: unknown;
}

/** A debug-level logger that keeps what it writes, parsed, and as raw text. */
export function recordLogs(): { log: Logger; lines: () => LoggedLine[]; text: () => string } {
  const written: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      written.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      callback();
    },
  });
  return {
    log: pino({ level: 'debug' }, sink),
    lines: () => written.map((line) => JSON.parse(line) as LoggedLine),
    text: () => written.join('\n'),
  };
}
