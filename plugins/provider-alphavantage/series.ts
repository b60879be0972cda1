import { providerFailure, toNullableNumber, toNumber } from '../../core/providers/index.js';
import type { SeriesBody } from './response-schemas.js';

/** One row of a time series: its key (a date, or a local date and time) and its values. */
export interface SeriesRow {
  readonly stamp: string;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number | null;
  /** `adjusted close` of TIME_SERIES_DAILY_ADJUSTED; null elsewhere. */
  readonly adjustedClose: number | null;
}

/** A time series as read from a body: its rows in the order sent, and their time zone. */
export interface Series {
  /** IANA zone of the intraday keys (`US/Eastern` in the Meta Data). */
  readonly timeZone: string;
  readonly rows: readonly SeriesRow[];
}

/**
 * Values keyed without their numbering: `{"1. open": "1.5"}` becomes `{open: "1.5"}`. The
 * numbers differ between functions (`5. volume` in one, `6. volume` in another).
 */
export function plainKeys(fields: Readonly<Record<string, string>>): Record<string, string> {
  const plain: Record<string, string> = {};
  for (const [key, value] of Object.entries(fields)) plain[key.replace(/^\d+\.\s*/, '')] = value;
  return plain;
}

/**
 * The rows of a TIME_SERIES_* body. The series sits under a key that varies ("Time Series
 * (Daily)", "Time Series (5min)"), every value is a string, and the time zone is named in
 * the Meta Data under a numbered key that also varies.
 */
export function readSeries(body: SeriesBody, what: string): Series {
  const meta = plainKeys(body['Meta Data'] as Readonly<Record<string, string>>);
  const timeZone = meta['Time Zone'] ?? 'US/Eastern';
  checkTimeZone(timeZone, what);

  const seriesKey = Object.keys(body).find((key) => key.startsWith('Time Series')) as string;
  const series = body[seriesKey] as Readonly<Record<string, Readonly<Record<string, string>>>>;
  const rows = Object.entries(series).map(([stamp, raw]): SeriesRow => {
    const fields = plainKeys(raw);
    const at = `${what}: ${stamp}`;
    return {
      stamp,
      open: toNumber(fields.open, `${at} open`),
      high: toNumber(fields.high, `${at} high`),
      low: toNumber(fields.low, `${at} low`),
      close: toNumber(fields.close, `${at} close`),
      volume: toNullableNumber(fields.volume, `${at} volume`),
      adjustedClose: toNullableNumber(fields['adjusted close'], `${at} adjusted close`),
    };
  });
  return { timeZone, rows };
}

function checkTimeZone(timeZone: string, what: string): void {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
  } catch (error) {
    throw providerFailure('malformed', `${what}: unknown time zone ${JSON.stringify(timeZone)}`, {
      cause: error,
    });
  }
}
