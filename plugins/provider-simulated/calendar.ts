import { tradingDateOf, zonedMidnightUtc } from '../../core/contract/time.js';

/** The exchange time zone of the simulated market. */
export const marketTimeZone = 'America/New_York';

/** Minutes in the regular session, 09:30 to 16:00. */
export const sessionMinutes = 390;

const dayMs = 86_400_000;
const minuteMs = 60_000;
const openAfterMidnightMs = 9.5 * 3_600_000;
// 1970-01-01 was a Thursday; the Monday of that week is day -3.
const firstMondayDay = -3;

/** Days since 1970-01-01 of a `YYYY-MM-DD` date. */
export function epochDayOf(date: string): number {
  return Math.round(Date.parse(`${date}T00:00:00.000Z`) / dayMs);
}

/** The `YYYY-MM-DD` date of a day number. */
export function dateOfEpochDay(epochDay: number): string {
  return new Date(epochDay * dayMs).toISOString().slice(0, 10);
}

/** True for Monday to Friday (holidays are not modelled). */
export function isWeekday(epochDay: number): boolean {
  const sinceMonday = floorMod(epochDay - firstMondayDay, 7);
  return sinceMonday < 5;
}

/**
 * Index of a weekday among all weekdays since 1969-12-29, so that consecutive sessions have
 * consecutive numbers. A Saturday or Sunday gets the number of the Friday before it.
 */
export function sessionNumberOf(epochDay: number): number {
  const sinceFirstMonday = epochDay - firstMondayDay;
  const week = Math.floor(sinceFirstMonday / 7);
  return week * 5 + Math.min(floorMod(sinceFirstMonday, 7), 4);
}

/** The day number of a session number (the inverse of {@link sessionNumberOf} on weekdays). */
export function epochDayOfSession(session: number): number {
  return firstMondayDay + Math.floor(session / 5) * 7 + floorMod(session, 5);
}

const midnightCache = new Map<number, number>();

/** Epoch milliseconds of 00:00 New York time on a day. */
export function marketMidnightMs(epochDay: number): number {
  let midnight = midnightCache.get(epochDay);
  if (midnight === undefined) {
    midnight = zonedMidnightUtc(dateOfEpochDay(epochDay), marketTimeZone);
    if (midnightCache.size >= 4096) midnightCache.clear();
    midnightCache.set(epochDay, midnight);
  }
  return midnight;
}

/**
 * Epoch milliseconds of 09:30 New York time on a weekday. Adding 9.5 hours to midnight is
 * exact because New York changes clocks on Sundays only.
 */
export function sessionOpenMs(epochDay: number): number {
  return marketMidnightMs(epochDay) + openAfterMidnightMs;
}

/** Where the market stands at an instant: the latest session that has opened, and how far. */
export interface MarketPosition {
  /** Session number of the latest session that has opened by then. */
  readonly session: number;
  /** Minutes since that session opened, fractional; `sessionMinutes` or more once it closed. */
  readonly elapsedMinutes: number;
}

/** The session in progress at `epochMs`, or the last one that closed before it. */
export function marketPositionAt(epochMs: number): MarketPosition {
  const epochDay = epochDayOf(tradingDateOf(epochMs, marketTimeZone));
  if (isWeekday(epochDay)) {
    const elapsed = (epochMs - sessionOpenMs(epochDay)) / minuteMs;
    if (elapsed >= 0) return { session: sessionNumberOf(epochDay), elapsedMinutes: elapsed };
    return { session: sessionNumberOf(epochDay) - 1, elapsedMinutes: sessionMinutes };
  }
  return { session: sessionNumberOf(epochDay), elapsedMinutes: sessionMinutes };
}

function floorMod(value: number, divisor: number): number {
  return ((value % divisor) + divisor) % divisor;
}
