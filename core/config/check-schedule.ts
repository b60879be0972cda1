import type { ConfigProblem } from '../errors/index.js';
import { cronHint, cronProblemOf, knownTimeZones, timeZoneProblemOf } from '../runtime/cron.js';
import { parseDuration } from '../runtime/duration.js';
import { defaultEvery } from '../runtime/schedule.js';
import { locate } from './ajv-problems.js';
import { suggestClosest } from './hints.js';
import type { PipelineConfig } from './manifest.js';
import { childPointer, type LoadedConfig } from './source.js';

/**
 * Checks what the schema cannot say about a pipeline's schedule: `every` or `cron`, not both;
 * no `align` with `cron`; a cron expression that croner reads and that matches some date; a
 * time zone Intl knows; intervals longer than zero; and a jitter shorter than the interval, else a tick could start
 * after the next one. `pointer` is the pipeline's JSON pointer. Runs on schema-valid
 * pipelines only, so every duration parses.
 */
export function checkSchedule(
  name: string,
  pipeline: PipelineConfig,
  pointer: string,
  loaded: LoadedConfig,
): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const report = (path: readonly string[], message: string, hint: string, atKey = false) => {
    const at = path.reduce((parent, key) => childPointer(parent, key), pointer);
    problems.push(locate(loaded.origins, at, 'SP_ERR_CONFIG_BAD_VALUE', message, hint, atKey));
  };
  const { every, jitter, align, cron, timezone, marketHours } = pipeline;

  if (every !== undefined && cron !== undefined) {
    const hint = 'keep one of them: every polls at an interval, cron at the times it lists';
    report(['cron'], `pipeline "${name}" has both every and cron`, hint, true);
  }
  // align only places the ticks of every; a cron's times are on the clock already, and
  // ignoring the key would hide that the user expected it to do something.
  if (align && cron !== undefined) {
    const message = `pipeline "${name}" sets align with cron, but align only places every's ticks`;
    const hint = 'remove align (cron times are on the clock already), or use every with align';
    report(['align'], message, hint, true);
  }
  const cronReason = cron === undefined ? undefined : cronProblemOf(cron);
  if (cronReason !== undefined) {
    report(
      ['cron'],
      `cron "${cron ?? ''}" of pipeline "${name}" is not valid: ${cronReason}`,
      cronHint,
    );
  }
  const zoneReason = timeZoneProblemOf(timezone);
  if (zoneReason !== undefined) {
    const suggestion = suggestClosest(timezone, knownTimeZones());
    const hint =
      suggestion === undefined
        ? 'write an IANA time zone name such as America/New_York, Europe/London or UTC'
        : `did you mean "${suggestion}"?`;
    report(['timezone'], `time zone "${timezone}" of pipeline "${name}": ${zoneReason}`, hint);
  }

  const everyMs = parseDuration(every ?? defaultEvery);
  if (everyMs === 0) {
    report(
      ['every'],
      `pipeline "${name}" polls every ${every ?? ''}`,
      'write an interval above 0, e.g. 15s',
    );
  }
  if (
    jitter !== undefined &&
    cron === undefined &&
    everyMs > 0 &&
    parseDuration(jitter) >= everyMs
  ) {
    const interval = every ?? `${defaultEvery} (the default)`;
    const message = `jitter ${jitter} of pipeline "${name}" is not shorter than every ${interval}`;
    report(['jitter'], message, 'keep jitter below the interval, e.g. every: 15s with jitter: 2s');
  }
  if (marketHours !== undefined && parseDuration(marketHours.heartbeatEvery) === 0) {
    const message = `pipeline "${name}" sends heartbeats every ${marketHours.heartbeatEvery}`;
    report(['marketHours', 'heartbeatEvery'], message, 'write an interval above 0, e.g. 1m');
  }
  return problems;
}
