import { Writable } from 'node:stream';
import { pino, type Logger } from 'pino';
import { createEnvelope } from '../../../core/contract/envelope.js';
import type { Envelope, Quote } from '../../../core/contract/types.js';

/** A quote envelope whose id differs for every `n` (the price carries it). */
export function quoteEnvelope(n: number, symbol = 'AAPL', provider = 'polygon'): Envelope<Quote> {
  const record: Quote = {
    symbol,
    provider,
    price: 100 + n / 100,
    open: 99.5,
    high: 101.25,
    low: 98.75,
    close: null,
    previousClose: 99,
    change: 1 + n / 100,
    changePercent: 1.0101,
    volume: 1_000_000 + n,
    currency: 'USD',
    timestamp: '2026-03-09T15:04:05.123Z',
  };
  return createEnvelope({
    schema: 'stockpoller.quote',
    record,
    pipeline: 'us-equities',
    fetchedAt: '2026-03-09T15:04:05.250Z',
  });
}

/** `count` envelopes with distinct ids, from `first` on. */
export function quoteEnvelopes(count: number, first = 0): Envelope<Quote>[] {
  return Array.from({ length: count }, (_, index) => quoteEnvelope(first + index));
}

/** One line a logger wrote, parsed. */
export interface LogEntry {
  readonly level: number;
  readonly msg: string;
  readonly [field: string]: unknown;
}

/** A debug-level logger, with what it wrote so far as parsed entries and as text. */
export function captureLogs(): { log: Logger; entries: () => LogEntry[]; text: () => string } {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(
        ...chunk
          .toString('utf8')
          .split('\n')
          .filter((line) => line !== ''),
      );
      callback();
    },
  });
  return {
    log: pino({ level: 'debug' }, sink),
    entries: () => lines.map((line) => JSON.parse(line) as LogEntry),
    text: () => lines.join('\n'),
  };
}
