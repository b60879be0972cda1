import type { Bar, Quote } from '../../contract/types.js';
import { writeLine, type CliIo } from '../io.js';
import type { FetchResult } from './fetch-records.js';

/**
 * Prints fetch results: JSON lines (one record, or one `{ symbol, error }` per failed symbol)
 * or an aligned table for people.
 */
export function printFetchResults(
  io: CliIo,
  results: readonly FetchResult[],
  format: 'json' | 'table',
): void {
  if (format === 'json') {
    for (const result of results) {
      if (result.error === undefined) {
        for (const record of result.records) writeLine(io.stdout, JSON.stringify(record));
      } else {
        const { code, message, failure } = result.error;
        const error = {
          kind: failure?.kind ?? 'unavailable',
          code,
          retryable: failure?.retryable ?? false,
          message,
        };
        writeLine(io.stdout, JSON.stringify({ symbol: result.symbol, error }));
      }
    }
    return;
  }
  printTable(io, results);
}

function printTable(io: CliIo, results: readonly FetchResult[]): void {
  const rows: string[][] = [];
  for (const result of results) {
    if (result.error !== undefined) {
      rows.push([
        result.symbol,
        `error ${result.error.failure?.kind ?? ''}`.trim(),
        result.error.message,
      ]);
      continue;
    }
    for (const record of result.records) rows.push(rowOf(record));
  }
  const header = ['SYMBOL', 'TIME', 'PRICE/CLOSE', 'OPEN', 'HIGH', 'LOW', 'VOLUME', 'CHANGE %'];
  const table = [header, ...rows];
  const widths = header.map((_, column) =>
    Math.max(...table.map((row) => (row[column] ?? '').length)),
  );
  for (const row of table) {
    const last = row.length - 1;
    writeLine(
      io.stdout,
      row.map((cell, i) => (i === last ? cell : cell.padEnd(widths[i] ?? 0))).join('  '),
    );
  }
}

function rowOf(record: Quote | Bar): string[] {
  const text = (value: number | null | undefined): string =>
    value === null || value === undefined ? '-' : String(value);
  if ('price' in record) {
    return [
      record.symbol,
      record.timestamp,
      text(record.price),
      text(record.open),
      text(record.high),
      text(record.low),
      text(record.volume),
      text(record.changePercent),
    ];
  }
  const time = record.date ?? record.timestamp;
  return [
    record.symbol,
    time,
    text(record.close),
    text(record.open),
    text(record.high),
    text(record.low),
    text(record.volume),
    '-',
  ];
}
