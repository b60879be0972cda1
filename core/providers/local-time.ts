import { zonedToEpoch } from './values.js';

/**
 * Epoch ms of an exchange-local `YYYY-MM-DD HH:MM[:SS]` (no offset), as a
 * {@link createLocalTimeReader} reads it; `what` names the value in errors.
 */
export type LocalTimeReader = (datetime: string, what: string) => number;

const localTime = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?$/;

/**
 * A reader of exchange-local times in `timeZone`, for bodies whose rows carry wall-clock times
 * without an offset. {@link zonedToEpoch} consults the time-zone database, too costly for
 * thousands of rows: the reader asks it once per local hour and adds minutes and seconds,
 * which is exact because market time zones change offsets on whole hours. Make one reader per
 * response: it keeps the hours it has seen. A time it cannot split goes to zonedToEpoch whole,
 * which fails it as `malformed`.
 */
export function createLocalTimeReader(timeZone: string): LocalTimeReader {
  const hourStarts = new Map<string, number>();
  return (datetime, what) => {
    const match = localTime.exec(datetime);
    if (match === null) return zonedToEpoch(datetime, timeZone, what);
    const [, date = '', hour = '', minute, second] = match;
    const key = `${date} ${hour}`;
    let start = hourStarts.get(key);
    if (start === undefined) {
      start = zonedToEpoch(`${key}:00:00`, timeZone, what);
      hourStarts.set(key, start);
    }
    return start + Number(minute) * 60_000 + Number(second ?? 0) * 1000;
  };
}
