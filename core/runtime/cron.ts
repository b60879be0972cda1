import { Cron } from 'croner';
import { StockpollerError } from '../errors/index.js';

/**
 * The nicknames croner reads, each standing for a 5-field expression (`@hourly` is
 * `0 * * * *`, `@weekly` is `0 0 * * 0`). croner ignores their case. `@reboot` is left out:
 * croner refuses it, having no reboot to wait for.
 */
export const cronNicknames = [
  '@yearly',
  '@annually',
  '@monthly',
  '@weekly',
  '@daily',
  '@midnight',
  '@hourly',
] as const;

/** The form of a cron expression the manifest accepts, for hints. */
export const cronHint =
  'write 5 fields (minute hour day-of-month month day-of-week), or 6 with seconds first, ' +
  'e.g. "*/5 9-16 * * 1-5", or a nickname such as @hourly or @daily';

/** The instants a cron expression names, read in one time zone. */
export interface CronTimes {
  /** The first instant strictly after `epochMs`, or undefined when there is none. */
  nextAfter(epochMs: number): number | undefined;
}

/**
 * Why `expression` is not a cron expression stockpoller accepts, or undefined when it is. An
 * expression that parses but can never match (`0 0 31 2 *`) is refused too: its pipeline would
 * never poll.
 */
export function cronProblemOf(expression: string): string | undefined {
  const trimmed = expression.trim();
  if (trimmed.startsWith('@')) {
    if (!(cronNicknames as readonly string[]).includes(trimmed.toLowerCase())) {
      return `it is not one of the nicknames ${cronNicknames.join(', ')}`;
    }
  } else {
    const fields = trimmed.split(/\s+/).length;
    // croner would also take 7 fields (a year last); the manifest promises 5 or 6.
    if (fields !== 5 && fields !== 6) return `it has ${String(fields)} fields`;
  }
  let cron: Cron;
  try {
    cron = new Cron(expression, { mode: '5-or-6-parts' });
  } catch (error) {
    return readableCronError(error);
  }
  return cron.nextRun() === null
    ? 'no date has the day of month and the month it names'
    : undefined;
}

/**
 * Why `timeZone` is not an IANA time zone name this Node.js knows, or undefined when it is.
 * Intl is the judge, so whatever the platform accepts is accepted (`UTC`, `America/New_York`).
 */
export function timeZoneProblemOf(timeZone: string): string | undefined {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return undefined;
  } catch {
    return 'it is not an IANA time zone name';
  }
}

/** Every IANA time zone name this Node.js knows, for "did you mean" hints. */
export function knownTimeZones(): string[] {
  return ['UTC', ...Intl.supportedValuesOf('timeZone')];
}

/**
 * Compiles `expression` read in `timeZone`. Across a DST change croner keeps wall-clock times,
 * as Vixie cron does. A fixed time (one value each in seconds, minutes and hours, such as
 * `30 2 * * *` or `@daily`) that falls in the spring-forward gap fires once at the end of the
 * gap (03:00), and fires once, at its first occurrence, when the hour repeats. Any other time
 * (a wildcard, step, range or list in those fields, such as `0,30 * * * *` or `15 1-3 * * *`)
 * is skipped in the gap and fires on both occurrences of a repeated hour. Throws
 * SP_ERR_CONFIG_BAD_VALUE for an expression or a time zone the config check refuses.
 */
export function compileCron(expression: string, timeZone: string): CronTimes {
  const problem = cronProblemOf(expression) ?? timeZoneProblemOf(timeZone);
  if (problem !== undefined) {
    throw new StockpollerError(
      'SP_ERR_CONFIG_BAD_VALUE',
      `cron "${expression}" in time zone "${timeZone}" cannot be used: ${problem}`,
      cronHint,
    );
  }

  const cron = new Cron(expression, { mode: '5-or-6-parts', timezone: timeZone });
  return {
    nextAfter(epochMs) {
      return cron.nextRun(new Date(epochMs))?.getTime();
    },
  };
}

/** croner's message without its class prefix and final stop: "invalid value for minute: 61". */
function readableCronError(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const bare = text.replace(/^Cron\w*:\s*/, '').replace(/\.$/, '');
  return bare.charAt(0).toLowerCase() + bare.slice(1);
}
