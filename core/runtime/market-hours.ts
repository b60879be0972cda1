import type { MarketHoursConfig } from '../config/manifest.js';
import { tradingDateOf } from '../contract/time.js';
import { StockpollerError } from '../errors/index.js';
import { exchangeTimeZone, phaseAt, sessionOf, type MarketPhase } from './market-calendar.js';
import { formatDay, parseDay } from './market-calendar-rules.js';

/** Where a market-hours pipeline stands at one instant, and until when. */
export type MarketWindow =
  | {
      readonly open: true;
      /** The exchange's phase: one of the pipeline's sessions. */
      readonly phase: MarketPhase;
      /** When the run of selected sessions the instant falls in ends (epoch ms). */
      readonly closesAt: number;
    }
  | {
      readonly open: false;
      /** The exchange's phase: `closed` or a session the pipeline does not poll in. */
      readonly phase: MarketPhase;
      /** When the next selected session opens (epoch ms). */
      readonly opensAt: number;
    };

interface Span {
  readonly start: number;
  readonly end: number;
}

// Holidays and weekends close at most four days in a row; a year is ample.
const maxSearchDays = 400;

/**
 * Whether a pipeline with `marketHours` polls at `epochMs`: open while the exchange is in one
 * of its `sessions` (holidays and early closes included), with the instant that changes it.
 * Adjacent selected sessions count as one run, so `[pre, regular]` is open 04:00 to 16:00.
 */
export function marketWindowAt(config: MarketHoursConfig, epochMs: number): MarketWindow {
  const phase = phaseAt(config.exchange, epochMs);
  let day = parseDay(tradingDateOf(epochMs, exchangeTimeZone));
  for (let step = 0; step < maxSearchDays; step++, day++) {
    for (const span of selectedSpansOf(config, formatDay(day))) {
      if (span.end <= epochMs) continue;
      return span.start <= epochMs
        ? { open: true, phase, closesAt: span.end }
        : { open: false, phase, opensAt: span.start };
    }
  }
  throw new StockpollerError(
    'SP_ERR_CONTRACT_BAD_TIME',
    `${config.exchange} opens none of the sessions [${config.sessions.join(', ')}] within ${String(maxSearchDays)} days of ${new Date(epochMs).toISOString()}`,
    'Check marketHours.sessions of the pipeline.',
  );
}

/** The selected sessions of one trading date, adjacent ones merged, in time order. */
function selectedSpansOf(config: MarketHoursConfig, date: string): Span[] {
  const session = sessionOf(config.exchange, date);
  if (session === undefined) return [];
  const bounds = {
    pre: { start: session.preOpen, end: session.open },
    regular: { start: session.open, end: session.close },
    post: { start: session.close, end: session.postClose },
  };
  const spans: Span[] = [];
  for (const name of ['pre', 'regular', 'post'] as const) {
    if (!config.sessions.includes(name)) continue;
    const span = bounds[name];
    const last = spans.at(-1);
    if (last?.end === span.start) spans[spans.length - 1] = { start: last.start, end: span.end };
    else spans.push(span);
  }
  return spans;
}
