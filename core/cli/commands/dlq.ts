import { hintForName } from '../../config/hints.js';
import { prepareConfig } from '../../config/prepare.js';
import { StockpollerError } from '../../errors/index.js';
import { createContainer } from '../../kernel/container.js';
import { Kernel } from '../../kernel/kernel.js';
import { createLogger } from '../../logger.js';
import type { DeadLetter, RedriveResult } from '../../plugins/types.js';
import { writeLine, type CliIo } from '../io.js';
import { reportFailure } from '../render-errors.js';

/** Options of `stockpoller dlq inspect|redrive`. */
export interface DlqOptions {
  readonly config?: string;
  readonly env?: string;
  readonly transport: string;
  readonly limit: string;
  readonly dryRun: boolean;
  readonly format: 'json' | 'table';
}

/**
 * Shows what sits in a transport's dead-letter queue, or moves it back to the main exchange or
 * queue. Starts only the secret stores and that transport. Exit 0 on success, 1 when some
 * messages could not be moved, 2 for usage or configuration errors.
 */
export async function dlqCommand(
  io: CliIo,
  action: 'inspect' | 'redrive',
  options: DlqOptions,
): Promise<number> {
  let kernel: Kernel | undefined;
  try {
    const limit = parseLimit(options.limit);
    const prepared = await prepareConfig({
      configPath: options.config,
      env: options.env,
      cwd: io.cwd,
      vars: io.env,
    });
    const declared = Object.keys(prepared.manifest.transports);
    if (!declared.includes(options.transport)) {
      throw new StockpollerError(
        'SP_ERR_CLI_USAGE',
        `no transport is named "${options.transport}" in the manifest`,
        hintForName('transports', options.transport, declared) ?? 'declare it under transports:',
      );
    }
    kernel = createContainer(prepared, {
      logger: createLogger(prepared.manifest.logLevel),
    }).resolve(Kernel);
    await kernel.start(
      (kind, label) =>
        kind === 'secret-store' || (kind === 'transport' && label === options.transport),
    );

    const access = kernel.instance('transport', options.transport).deadLetters;
    if (access === undefined) {
      const plugin = prepared.manifest.transports[options.transport]?.use ?? '';
      throw new StockpollerError(
        'SP_ERR_CLI_USAGE',
        `transport "${options.transport}" (${plugin}) has no dead-letter queue`,
        'Use a transport with one, such as rabbitmq or sqs.',
      );
    }
    if (action === 'inspect') printDeadLetters(io, await access.inspect(limit), options.format);
    const result = action === 'redrive' ? await access.redrive(limit, options.dryRun) : undefined;
    await kernel.stop();

    if (result === undefined) return 0;
    printRedrive(io, result, options);
    return result.failed === 0 ? 0 : 1;
  } catch (error) {
    await kernel?.stop();
    reportFailure(io, error);
    return 2;
  }
}

function parseLimit(text: string): number {
  const limit = Number(text);
  if (!Number.isInteger(limit) || limit < 1) {
    throw new StockpollerError(
      'SP_ERR_CLI_USAGE',
      `--limit "${text}" is not a positive whole number`,
      'e.g. --limit 100',
    );
  }
  return limit;
}

function printDeadLetters(
  io: CliIo,
  letters: readonly DeadLetter[],
  format: 'json' | 'table',
): void {
  if (format === 'json') {
    for (const letter of letters) writeLine(io.stdout, JSON.stringify(letter));
    return;
  }
  const rows = [
    ['ID', 'SYMBOL', 'ATTEMPTS', 'AGE', 'REASON'],
    ...letters.map((l) => [l.id, l.symbol ?? '-', String(l.attempts), ageOf(l.ageMs), l.reason]),
  ];
  const widths = [0, 1, 2, 3].map((c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  for (const row of rows)
    writeLine(
      io.stdout,
      row.map((cell, i) => (i < 4 ? cell.padEnd(widths[i] ?? 0) : cell)).join('  '),
    );
  writeLine(io.stdout, `${letters.length} dead letter${letters.length === 1 ? '' : 's'} shown`);
}

function printRedrive(io: CliIo, result: RedriveResult, options: DlqOptions): void {
  if (options.format === 'json') {
    writeLine(io.stdout, JSON.stringify({ dryRun: options.dryRun, ...result }));
  } else if (options.dryRun) {
    writeLine(
      io.stdout,
      `dry run: ${result.wouldMove} message(s) would move back; nothing changed`,
    );
  } else {
    writeLine(
      io.stdout,
      `moved ${result.moved} message(s) back; ${result.failed} could not be moved`,
    );
  }
}

function ageOf(ms: number | null): string {
  if (ms === null) return '-';
  if (ms < 60_000) return `${Math.round(ms / 1000)}s`;
  if (ms < 3_600_000) return `${Math.round(ms / 60_000)}m`;
  return `${Math.round(ms / 3_600_000)}h`;
}
