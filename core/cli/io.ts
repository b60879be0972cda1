import type { Writable } from 'node:stream';

/** The process surroundings a CLI run uses; tests pass their own streams and variables. */
export interface CliIo {
  readonly stdout: Writable & { isTTY?: boolean };
  readonly stderr: Writable & { isTTY?: boolean };
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
}

/** The real process's streams, environment and working directory. */
export function processIo(): CliIo {
  return { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() };
}

/** ANSI styling that is on only for a TTY, and off when NO_COLOR is set (https://no-color.org). */
export interface Palette {
  red(text: string): string;
  yellow(text: string): string;
  green(text: string): string;
  dim(text: string): string;
  bold(text: string): string;
}

/** A palette for `stream`: coloured on a TTY unless NO_COLOR or TERM=dumb says otherwise. */
export function paletteFor(stream: CliIo['stderr'], env: NodeJS.ProcessEnv): Palette {
  const noColor = env.NO_COLOR !== undefined && env.NO_COLOR !== '';
  const forced = env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '' && env.FORCE_COLOR !== '0';
  const enabled = !noColor && (forced || (stream.isTTY === true && env.TERM !== 'dumb'));
  const wrap = (open: number, close: number) => (text: string) =>
    enabled ? `\u001b[${open}m${text}\u001b[${close}m` : text;
  return {
    red: wrap(31, 39),
    yellow: wrap(33, 39),
    green: wrap(32, 39),
    dim: wrap(2, 22),
    bold: wrap(1, 22),
  };
}

/** Writes one line to a stream. */
export function writeLine(stream: Writable, text = ''): void {
  stream.write(`${text}\n`);
}
