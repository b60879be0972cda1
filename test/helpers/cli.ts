import { spawn } from 'node:child_process';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { main } from '../../core/cli/main.js';
import { repoRoot } from './fixtures.js';

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

/** Options of {@link runBin}. */
export interface BinOptions {
  readonly cwd: string;
  readonly env?: NodeJS.ProcessEnv;
  /** Called with all stdout so far on each chunk; `signal` sends a signal to the child. */
  readonly onStdout?: (text: string, signal: (name: NodeJS.Signals) => void) => void;
  /** Like `onStdout`, for stderr (where logs go). */
  readonly onStderr?: (text: string, signal: (name: NodeJS.Signals) => void) => void;
}

/**
 * Runs `bin/stockpoller.js` in a child process, as a user would, with STOCKPOLLER_ENV and
 * STOCKPOLLER_CONFIG cleared unless `env` sets them.
 */
export function runBin(args: readonly string[], options: BinOptions): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(repoRoot, 'bin', 'stockpoller.js'), ...args], {
      cwd: options.cwd,
      env: { ...process.env, STOCKPOLLER_ENV: '', STOCKPOLLER_CONFIG: '', ...options.env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      options.onStdout?.(stdout, (name) => child.kill(name));
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      options.onStderr?.(stderr, (name) => child.kill(name));
    });
    child.on('error', reject);
    child.on('close', (code) => {
      resolve({ code: code ?? -1, stdout, stderr });
    });
  });
}
