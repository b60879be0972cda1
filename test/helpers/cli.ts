import { PassThrough } from 'node:stream';
import { main } from '../../core/cli/main.js';

/** What one in-process CLI run printed and returned. */
export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the CLI in this process with captured output, a given cwd and given variables. */
export async function runCli(
  args: readonly string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; tty?: boolean },
): Promise<CliResult> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: string[] = [];
  const err: string[] = [];
  stdout.on('data', (chunk: Buffer) => out.push(chunk.toString()));
  stderr.on('data', (chunk: Buffer) => err.push(chunk.toString()));
  if (options.tty === true) Object.assign(stderr, { isTTY: true });

  const code = await main(args, {
    stdout,
    stderr,
    cwd: options.cwd,
    env: options.env ?? {},
  });
  await new Promise((resolve) => setImmediate(resolve));
  return { code, stdout: out.join(''), stderr: err.join('') };
}
