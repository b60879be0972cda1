import { StockpollerError } from '../errors/index.js';

/** A named calendar day (`YYYY-MM-DD`), such as a holiday or an early close. */
export interface CalendarDay {
  readonly date: string;
  readonly name: string;
}

/** The closures and early closes of one year, as the rules produce them. */
export interface YearRules {
  readonly holidays: ReadonlyMap<string, string>;
  readonly earlyCloses: ReadonlyMap<string, string>;
}

const dayMs = 86_400_000;
const datePattern = /^(\d{4})-(\d{2})-(\d{2})$/;

// The computus below is Gregorian, and the ISO date format stops at 9999.
const firstYear = 1583;
const lastYear = 9999;

/**
 * Days since 1970-01-01 of `date` (`YYYY-MM-DD`). Throws SP_ERR_CONTRACT_BAD_TIME for a
 * malformed or impossible date, or one outside the years 1583-9999.
 */
export function parseDay(date: string): number {
  const match = datePattern.exec(date);
  if (match) {
    const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
    const days = dayOf(year, month, day);
    const check = new Date(days * dayMs);
    if (year >= firstYear && check.getUTCMonth() === month - 1 && check.getUTCDate() === day) {
      return days;
    }
  }
  throw new StockpollerError(
    'SP_ERR_CONTRACT_BAD_TIME',
    `"${date}" is not a calendar date the market calendar covers`,
    `Write the date as YYYY-MM-DD, in the years ${firstYear}-${lastYear}.`,
  );
}

/** Formats days since 1970-01-01 as `YYYY-MM-DD`. */
export function formatDay(days: number): string {
  return new Date(days * dayMs).toISOString().slice(0, 10);
}

/** Day of the week of a day number: 0 is Sunday, 6 is Saturday. */
export function weekdayOf(days: number): number {
  // 1970-01-01 was a Thursday.
  return (((days + 4) % 7) + 7) % 7;
}

/** Throws SP_ERR_CONTRACT_BAD_TIME unless `year` is a whole year the calendar covers. */
export function checkYear(year: number): void {
  if (!Number.isInteger(year) || year < firstYear || year > lastYear) {
    throw new StockpollerError(
      'SP_ERR_CONTRACT_BAD_TIME',
      `${year} is not a year the market calendar covers`,
      `Pass a whole year from ${firstYear} to ${lastYear}.`,
    );
  }
}

/**
 * The NYSE holidays and 13:00 early closes of `year`, from the rules of NYSE Rule 7.2 as
 * published for 2022 onwards. Years before the rules took their present form are computed with
 * the present rules, except that Martin Luther King Jr. Day starts in 1998 and Juneteenth in 2022.
 */
export function computeYearRules(year: number): YearRules {
  const holidays = new Map<string, string>();
  const add = (days: number | undefined, name: string): void => {
    if (days !== undefined) holidays.set(formatDay(days), name);
  };

  // A Saturday New Year's Day is not moved to Friday: that Friday closes the accounting year.
  add(sundayToMonday(dayOf(year, 1, 1)), "New Year's Day");
  if (year >= 1998) add(nthWeekday(year, 1, 1, 3), 'Martin Luther King Jr. Day');
  add(nthWeekday(year, 2, 1, 3), "Washington's Birthday");
  add(easterOf(year) - 2, 'Good Friday');
  add(lastWeekday(year, 5, 1), 'Memorial Day');
  if (year >= 2022) add(observedDay(dayOf(year, 6, 19)), 'Juneteenth National Independence Day');
  add(observedDay(dayOf(year, 7, 4)), 'Independence Day');
  add(nthWeekday(year, 9, 1, 1), 'Labor Day');
  const thanksgiving = nthWeekday(year, 11, 4, 4);
  add(thanksgiving, 'Thanksgiving Day');
  add(observedDay(dayOf(year, 12, 25)), 'Christmas Day');

  const earlyCloses = new Map<string, string>();
  const addEarly = (days: number, name: string): void => {
    const weekday = weekdayOf(days);
    const date = formatDay(days);
    if (weekday !== 0 && weekday !== 6 && !holidays.has(date)) earlyCloses.set(date, name);
  };
  // July 3 closes early when it is a trading weekday (July 4 on Tuesday to Friday); a Friday
  // July 3 is the observed holiday itself, and a Monday July 4 leaves no early close at all.
  addEarly(dayOf(year, 7, 3), 'Day before Independence Day');
  addEarly(thanksgiving + 1, 'Day after Thanksgiving');
  addEarly(dayOf(year, 12, 24), 'Christmas Eve');
  return { holidays, earlyCloses };
}

function dayOf(year: number, month: number, day: number): number {
  return Date.UTC(year, month - 1, day) / dayMs;
}

/** The weekday a fixed-date holiday is observed on: Saturday to Friday, Sunday to Monday. */
function observedDay(days: number): number {
  const weekday = weekdayOf(days);
  if (weekday === 6) return days - 1;
  return weekday === 0 ? days + 1 : days;
}

/** A Sunday holiday is observed on Monday; a Saturday one is not observed at all. */
function sundayToMonday(days: number): number | undefined {
  const weekday = weekdayOf(days);
  if (weekday === 6) return undefined;
  return weekday === 0 ? days + 1 : days;
}

/** The `n`th `weekday` (0 Sunday ... 6 Saturday) of `month` in `year`. */
function nthWeekday(year: number, month: number, weekday: number, n: number): number {
  const first = dayOf(year, month, 1);
  return first + ((weekday - weekdayOf(first) + 7) % 7) + (n - 1) * 7;
}

/** The last `weekday` of `month` in `year`. */
function lastWeekday(year: number, month: number, weekday: number): number {
  const last = dayOf(year, month + 1, 1) - 1;
  return last - ((weekdayOf(last) - weekday + 7) % 7);
}

/** Easter Sunday of `year` by the Gregorian computus (Meeus/Jones/Butcher form). */
function easterOf(year: number): number {
  const golden = year % 19;
  const century = Math.floor(year / 100);
  const yearOfCentury = year % 100;
  const leapCenturies = Math.floor(century / 4);
  const correction = Math.floor((century - Math.floor((century + 8) / 25) + 1) / 3);
  const epact = (19 * golden + century - leapCenturies - correction + 15) % 30;
  const weekdayShift =
    (32 + 2 * (century % 4) + 2 * Math.floor(yearOfCentury / 4) - epact - (yearOfCentury % 4)) % 7;
  const late = Math.floor((golden + 11 * epact + 22 * weekdayShift) / 451);
  const monthDay = epact + weekdayShift - 7 * late + 114;
  return dayOf(year, Math.floor(monthDay / 31), (monthDay % 31) + 1);
}
