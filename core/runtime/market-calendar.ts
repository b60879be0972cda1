import { tradingDateOf, zonedMidnightUtc } from '../contract/time.js';
import { StockpollerError } from '../errors/index.js';
import {
  checkYear,
  computeYearRules,
  formatDay,
  parseDay,
  weekdayOf,
  type CalendarDay,
  type YearRules,
} from './market-calendar-rules.js';

export type { CalendarDay } from './market-calendar-rules.js';

/** ISO 10383 code of an exchange the calendar knows: NYSE (`XNYS`) or Nasdaq (`XNAS`). */
export type ExchangeCode = 'XNYS' | 'XNAS';

/** Where an instant falls in an exchange's day. */
export type MarketPhase = 'pre' | 'regular' | 'post' | 'closed';

/** One trading day's sessions, as epoch milliseconds. */
export interface MarketSession {
  /** The trading date, `YYYY-MM-DD` in the exchange's time zone. */
  readonly date: string;
  /** Start of the regular session (09:30). */
  readonly open: number;
  /** End of the regular session (16:00, or 13:00 on an early close). */
  readonly close: number;
  /** Start of the pre-market session (04:00). */
  readonly preOpen: number;
  /** End of the post-market session (20:00, or 17:00 after an early close). */
  readonly postClose: number;
}

/** Options every calendar query accepts. */
export interface CalendarOptions {
  /**
   * Days the exchange closes that no rule predicts (national days of mourning, storms), as
   * `YYYY-MM-DD` or as a named day. A bare date is named `Special closure`.
   */
  readonly extraClosedDates?: readonly (string | CalendarDay)[];
}

/** Options of {@link nextOpen}. */
export interface NextOpenOptions extends CalendarOptions {
  /** Count the pre- and post-market sessions as open too. */
  readonly extended?: boolean;
}

/** The exchanges' time zone: both list their hours in New York time. */
export const exchangeTimeZone = 'America/New_York';

const hourMs = 3_600_000;
// Wall-clock hours of the sessions. US clocks change at 02:00 on Sundays, never on a trading
// day, so an offset from local midnight is exact.
const preOpenHours = 4;
const openHours = 9.5;
const closeHours = 16;
const earlyCloseHours = 13;
const postCloseHours = 20;
// NYSE Arca and Nasdaq end their late sessions at 17:00 after a 13:00 close.
const earlyPostCloseHours = 17;
// The longest unscheduled closure on record lasted four trading days; a year is ample.
const maxSearchDays = 400;

// NYSE and Nasdaq share holidays and early closes, so one cache serves both.
const yearCache = new Map<number, YearRules>();

/** Whether `date` (`YYYY-MM-DD`) is a trading day (early closes included) on `exchange`. */
export function isTradingDay(
  exchange: ExchangeCode,
  date: string,
  options?: CalendarOptions,
): boolean {
  const days = dayOfExchange(exchange, date);
  const weekday = weekdayOf(days);
  return weekday !== 0 && weekday !== 6 && holidayOf(exchange, date, options) === undefined;
}

/**
 * The name of the holiday or extra closure on `date`, or undefined when `date` is not one.
 * Weekends are closed but are not holidays, and a holiday is found on its observed day only.
 */
export function holidayOf(
  exchange: ExchangeCode,
  date: string,
  options?: CalendarOptions,
): string | undefined {
  dayOfExchange(exchange, date);
  const extra = extraClosuresOf(options).get(date);
  return extra ?? rulesOf(Number(date.slice(0, 4))).holidays.get(date);
}

/**
 * The sessions of `date` (`YYYY-MM-DD`) on `exchange`, or undefined when it does not trade.
 * Throws SP_ERR_CONTRACT_BAD_TIME for a malformed date.
 */
export function sessionOf(
  exchange: ExchangeCode,
  date: string,
  options?: CalendarOptions,
): MarketSession | undefined {
  if (!isTradingDay(exchange, date, options)) return undefined;
  const midnight = zonedMidnightUtc(date, exchangeTimeZone);
  const early = rulesOf(Number(date.slice(0, 4))).earlyCloses.has(date);
  return {
    date,
    open: midnight + openHours * hourMs,
    close: midnight + (early ? earlyCloseHours : closeHours) * hourMs,
    preOpen: midnight + preOpenHours * hourMs,
    postClose: midnight + (early ? earlyPostCloseHours : postCloseHours) * hourMs,
  };
}

/**
 * The phase of `exchange` at `epochMs`. Each session includes its start and excludes its end:
 * 09:30:00.000 is `regular`, 16:00:00.000 is `post`.
 */
export function phaseAt(
  exchange: ExchangeCode,
  epochMs: number,
  options?: CalendarOptions,
): MarketPhase {
  const session = sessionOf(exchange, tradingDateOf(epochMs, exchangeTimeZone), options);
  if (!session || epochMs < session.preOpen || epochMs >= session.postClose) return 'closed';
  if (epochMs < session.open) return 'pre';
  return epochMs < session.close ? 'regular' : 'post';
}

/**
 * The first instant at or after `epochMs` at which the regular session of `exchange` (with
 * `extended`, any session) is open: `epochMs` itself while it is open. Meant for sleeping until
 * the market opens.
 */
export function nextOpen(
  exchange: ExchangeCode,
  epochMs: number,
  options?: NextOpenOptions,
): number {
  let days = parseDay(tradingDateOf(epochMs, exchangeTimeZone));
  for (let step = 0; step < maxSearchDays; step++, days++) {
    const session = sessionOf(exchange, formatDay(days), options);
    if (!session) continue;
    const start = options?.extended ? session.preOpen : session.open;
    const end = options?.extended ? session.postClose : session.close;
    if (epochMs < end) return Math.max(start, epochMs);
  }
  throw new StockpollerError(
    'SP_ERR_CONTRACT_BAD_TIME',
    `${exchange} has no session within ${maxSearchDays} days of ${epochMs}`,
    'Check the extra closed dates passed to the market calendar.',
  );
}

/** The full-day holidays (and extra closures) of `exchange` in `year`, in date order. */
export function holidaysOf(
  exchange: ExchangeCode,
  year: number,
  options?: CalendarOptions,
): CalendarDay[] {
  checkExchange(exchange);
  checkYear(year);
  const merged = new Map(rulesOf(year).holidays);
  for (const [date, name] of extraClosuresOf(options)) {
    if (date.startsWith(`${year}-`)) merged.set(date, name);
  }
  return sortedDays(merged);
}

/** The 13:00 early closes of `exchange` in `year`, in date order, minus any extra closures. */
export function earlyClosesOf(
  exchange: ExchangeCode,
  year: number,
  options?: CalendarOptions,
): CalendarDay[] {
  checkExchange(exchange);
  checkYear(year);
  const extra = extraClosuresOf(options);
  const open = [...rulesOf(year).earlyCloses].filter(([date]) => !extra.has(date));
  return sortedDays(new Map(open));
}

function rulesOf(year: number): YearRules {
  let rules = yearCache.get(year);
  if (!rules) {
    rules = computeYearRules(year);
    yearCache.set(year, rules);
  }
  return rules;
}

function sortedDays(days: ReadonlyMap<string, string>): CalendarDay[] {
  return [...days].sort(([a], [b]) => (a < b ? -1 : 1)).map(([date, name]) => ({ date, name }));
}

/** Checks `exchange` and `date`, returning the date's day number. */
function dayOfExchange(exchange: ExchangeCode, date: string): number {
  checkExchange(exchange);
  return parseDay(date);
}

function checkExchange(exchange: string): void {
  // Callers in plain JavaScript or reading a manifest can pass anything.
  if (exchange !== 'XNYS' && exchange !== 'XNAS') {
    throw new StockpollerError(
      'SP_ERR_CONFIG_BAD_VALUE',
      `"${exchange}" is not an exchange the market calendar knows`,
      'Use XNYS (New York Stock Exchange) or XNAS (Nasdaq).',
    );
  }
}

function extraClosuresOf(options: CalendarOptions | undefined): Map<string, string> {
  const closures = new Map<string, string>();
  for (const entry of options?.extraClosedDates ?? []) {
    const day = typeof entry === 'string' ? { date: entry, name: 'Special closure' } : entry;
    parseDay(day.date);
    closures.set(day.date, day.name);
  }
  return closures;
}
