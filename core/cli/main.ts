import { Command, CommanderError, Option } from 'commander';
import { coreVersion } from '../version.js';
import { processIo, type CliIo } from './io.js';
import { reportFailure } from './render-errors.js';

interface FetchFlags {
  provider: string;
  bars: boolean;
  interval: string;
  from?: string;
  to?: string;
  format: 'json' | 'table';
}

interface DlqFlags {
  transport: string;
  limit: string;
  dryRun: boolean;
  format: 'json' | 'table';
}

interface BackfillFlags {
  pipeline?: string;
  from?: string;
  to?: string;
  interval?: string;
  checkpoint?: string;
  checkpointCache?: string;
  restart: boolean;
  format: string;
  gracePeriod: string;
  shard?: string;
}

interface SourceFlags {
  config?: string;
  env?: string;
}

/**
 * Runs the stockpoller CLI with `argv` (without node and script) and returns the exit code:
 * 0 success, 1 the configuration or the run has problems, 2 usage or internal errors.
 */
export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  let exitCode = 0;
  const program = buildProgram(io, (code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and --version end through here with exit code 0; usage mistakes get 2.
      return error.exitCode === 0 ? 0 : 2;
    }
    return reportFailure(io, error);
  }
}

// Commands are imported when chosen: `validate-config` must not pay for the kernel, pino or undici.
function buildProgram(io: CliIo, setExit: (code: number) => void): Command {
  const program = new Command('stockpoller')
    .description('Polls stock-market data providers and publishes normalized quotes and bars.')
    .version(coreVersion, '-V, --version')
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    });

  withSource(program.command('validate-config'))
    .description('check the manifest and overlay; exit 0 when valid, 1 when not')
    .addOption(
      new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'),
    )
    .action(async (flags: SourceFlags & { format: 'text' | 'json' }) => {
      const { validateConfigCommand } = await import('./commands/validate-config.js');
      setExit(await validateConfigCommand(io, { ...flags }));
    });

  const config = program.command('config').description('inspect the configuration');
  withSource(config.command('print'))
    .description('print the effective configuration, secrets redacted')
    .option('--show-origin', 'note the file and line (or variable) each value came from', false)
    .addOption(
      new Option('--format <format>', 'output format').choices(['yaml', 'json']).default('yaml'),
    )
    .action(async (flags: SourceFlags & { showOrigin: boolean; format: 'yaml' | 'json' }) => {
      const { configPrintCommand } = await import('./commands/config-print.js');
      setExit(await configPrintCommand(io, { ...flags }));
    });

  withSource(program.command('schema'))
    .description("print the JSON Schema of stockpoller.yaml, with every plugin's options")
    .action(async (flags: SourceFlags) => {
      const { schemaCommand } = await import('./commands/schema.js');
      setExit(await schemaCommand(io, flags));
    });

  withSource(program.command('plugins'))
    .description('list the plugins: kind, name, version and source')
    .addOption(
      new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'),
    )
    .action(async (flags: SourceFlags & { format: 'text' | 'json' }) => {
      const { pluginsCommand } = await import('./commands/plugins.js');
      setExit(await pluginsCommand(io, { ...flags }));
    });

  withSource(program.command('fetch'))
    .description('run one provider directly and print its normalized records')
    .argument('<symbols...>', 'tickers to fetch')
    .requiredOption('-p, --provider <name>', 'provider instance of the manifest to use')
    .option('--bars', 'fetch bars instead of latest quotes', false)
    .option('--interval <interval>', 'bar size: 1m, 5m, 15m, 30m, 1h, 1d, ...', '1d')
    .option('--from <date>', 'first day of bars (default: a month, or two days of intraday, back)')
    .option('--to <date>', 'last day of bars (default: today in New York)')
    .addOption(
      new Option('--format <format>', 'output format').choices(['json', 'table']).default('json'),
    )
    .action(async (symbols: string[], flags: SourceFlags & FetchFlags) => {
      const { fetchCommand } = await import('./commands/fetch.js');
      setExit(await fetchCommand(io, symbols, { ...flags }));
    });

  const dlq = program
    .command('dlq')
    .description("inspect or redrive a transport's dead-letter queue");
  for (const action of ['inspect', 'redrive'] as const) {
    withSource(dlq.command(action))
      .description(
        action === 'inspect'
          ? 'show dead letters: reason, attempts, symbol, age'
          : 'move dead letters back to the main exchange or queue',
      )
      .requiredOption('-t, --transport <name>', 'transport instance of the manifest')
      .option('--limit <n>', 'most messages to handle', '100')
      .option('--dry-run', 'change nothing; say what would move', false)
      .addOption(
        new Option('--format <format>', 'output format')
          .choices(['table', 'json'])
          .default('table'),
      )
      .action(async (flags: SourceFlags & DlqFlags) => {
        const { dlqCommand } = await import('./commands/dlq.js');
        setExit(await dlqCommand(io, action, { ...flags }));
      });
  }

  withSource(program.command('run'))
    .description('start the plugins and run the pipelines until SIGTERM or SIGINT')
    .addHelpText('after', runHelp)
    .option('--once', 'poll each pipeline once, then exit', false)
    .option(
      '--grace-period <duration>',
      'longest a shutdown takes: polls in flight, buffer flush, plugin stops (then exit 1)',
      '10s',
    )
    .option(
      '--shard <index/count>',
      'poll only shard INDEX (from 0) of COUNT (default: $STOCKPOLLER_SHARDS and the pod ordinal)',
    )
    .action(async (flags: SourceFlags & { once: boolean; gracePeriod: string; shard?: string }) => {
      const { runCommand } = await import('./commands/run.js');
      setExit(await runCommand(io, { ...flags }));
    });

  withSource(program.command('backfill'))
    .description("fetch a pipeline's historical bars for a date range and publish them (resumable)")
    .option(
      '-p, --pipeline <name>',
      'pipeline whose symbols, provider and transports to use (required)',
    )
    .option('--from <date>', 'first day, YYYY-MM-DD in New York, or an ISO instant (required)')
    .option('--to <date>', 'last day, inclusive, YYYY-MM-DD or an ISO instant (required)')
    .option(
      '--interval <interval>',
      "bar size: 1d, 1m, 5m, 15m, 30m or 1h (default: the pipeline's barInterval)",
    )
    .option(
      '--checkpoint <file>',
      'checkpoint file (default: .stockpoller/backfill-<pipeline>-<hash>.json next to the manifest)',
    )
    .option(
      '--checkpoint-cache <name>',
      'keep the checkpoint in this cache of the manifest (e.g. a redis one) instead of a file',
    )
    .option('--restart', 'ignore the checkpoint and start over, replacing it', false)
    .option('--format <format>', 'summary format: text or json', 'text')
    .option(
      '--grace-period <duration>',
      'how long chunks in flight may finish after SIGINT/SIGTERM before they are given up',
      '10s',
    )
    .option(
      '--shard <index/count>',
      'backfill only shard INDEX (from 0) of COUNT (default: $STOCKPOLLER_SHARDS and the pod ordinal)',
    )
    .addHelpText('after', backfillHelp)
    .action(async (flags: SourceFlags & BackfillFlags) => {
      const { backfillCommand } = await import('./commands/backfill.js');
      setExit(await backfillCommand(io, { ...flags }));
    });

  return program;
}

const runHelp = `
SIGTERM or SIGINT stops scheduling, lets the polls in flight finish, flushes the transport
buffers and stops the plugins in reverse order, all within --grace-period. When the period
runs out, the polls are aborted, what they would still publish is dropped (counted and
logged), and the plugins are stopped anyway; the process exits at most 2 s after the period.
A signal while the plugins start stops those that started; a second signal exits at once.
Exit codes: 0 stopped cleanly in time (or --once: every symbol delivered), 1 the grace period
ran out and work was abandoned (or --once: some symbol failed, or the configuration is
wrong), 2 a usage mistake, 130 (SIGINT) or 143 (SIGTERM) a signal during startup or
during --once, or a second signal.
`;

const backfillHelp = `
Splits the range into chunks the provider accepts (aligned on the calendar, so a re-run
makes the same chunks), fetches at most the provider's concurrency chunks at once, and
publishes complete, valid bars as stockpoller.bar envelopes. A chunk is checkpointed once
every transport delivered it; re-running the same command resumes, and a finished backfill
makes no calls. SIGINT or SIGTERM lets the chunks in flight finish within --grace-period,
then gives them up (they are fetched again next time); a second signal exits now.

Progress: a bar on a terminal, else "backfill progress" log lines on stderr.
Exit codes: 0 every chunk delivered, 1 some chunks failed (re-run to retry them) or the
configuration is wrong, 2 a usage mistake, 130 (SIGINT) or 143 (SIGTERM) interrupted.
`;

function withSource(command: Command): Command {
  return command
    .option(
      '-c, --config <file>',
      'manifest to use (default: search for stockpoller.yaml; or $STOCKPOLLER_CONFIG)',
    )
    .option('-e, --env <name>', 'overlay configs/<name>.yaml to apply (or $STOCKPOLLER_ENV)');
}
