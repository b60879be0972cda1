import { newYork, zonedToEpoch } from '../../core/providers/index.js';

/** Epoch ms of an exchange-local `YYYY-MM-DD HH:MM:SS` (no offset); `what` names it in errors. */
export type LocalTimeReader = (datetime: string, what: string) => number;

const localTime = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?$/;

/**
 * Epoch ms of exchange-local times. zonedToEpoch costs about 0.2 ms (it consults the time-zone
 * database), too much for 5000 rows a page: it is asked once per local hour, and minutes and
 * seconds are added, which is exact because offsets change on whole hours.
 */
export function localTimeReader(zone: string): LocalTimeReader {
  const hourStarts = new Map<string, number>();
  return (datetime, what) => {
    const match = localTime.exec(datetime);
    if (match === null) return zonedToEpoch(datetime, zone, what);
    const [, date, hour, minute, second] = match;
    const key = `${date ?? ''} ${hour ?? ''}`;
    let start = hourStarts.get(key);
    if (start === undefined) {
      start = zonedToEpoch(`${key}:00:00`, zone, what);
      hourStarts.set(key, start);
    }
    return start + Number(minute) * 60_000 + Number(second ?? 0) * 1000;
  };
}

const wallClock = new Intl.DateTimeFormat('en-CA', {
  timeZone: newYork,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

/** `YYYY-MM-DDTHH:MM:SS` in New York: the form `start_date` and `end_date` take. */
export function wallTimeOf(epochMs: number): string {
  const parts = Object.fromEntries(
    wallClock.formatToParts(new Date(epochMs)).map((part) => [part.type, part.value]),
  ) as Record<string, string | undefined>;
  const field = (type: string): string => parts[type] ?? '00';
  return `${field('year')}-${field('month')}-${field('day')}T${field('hour')}:${field('minute')}:${field('second')}`;
}
