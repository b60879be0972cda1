import { toIsoUtc } from '../../core/contract/time.js';
import type { Quote } from '../../core/contract/types.js';
import { sessionMinutes } from './calendar.js';
import { roundCents, type SessionPath } from './price-model.js';

/** Where in a session a quote is taken, and what it reports besides prices. */
export interface QuotePoint {
  readonly symbol: string;
  readonly provider: string;
  readonly currency: string;
  readonly nowMs: number;
  /** Minutes since the session opened; `sessionMinutes` or more once it has closed. */
  readonly elapsedMinutes: number;
}

/**
 * The quote at a point of a session: the price moves along the minute path, open, high, low
 * and volume cover the session up to that point, and `close` is set once the session ended.
 * Nothing past the point is used, so a later quote never contradicts an earlier one.
 */
export function quoteOf(path: SessionPath, point: QuotePoint): Quote {
  const complete = point.elapsedMinutes >= sessionMinutes;
  const minute = complete ? sessionMinutes : Math.floor(point.elapsedMinutes);
  const atMinuteStart = path.prices[minute] ?? 0;
  const atMinuteEnd = complete ? atMinuteStart : (path.prices[minute + 1] ?? 0);
  const fraction = complete ? 0 : point.elapsedMinutes - minute;
  const price = roundCents(atMinuteStart + (atMinuteEnd - atMinuteStart) * fraction);

  let high = Math.max(atMinuteStart, price);
  let low = Math.min(atMinuteStart, price);
  let volume = 0;
  let notional = 0;
  for (let done = 0; done < minute; done++) {
    const minuteHigh = path.highs[done] ?? 0;
    const minuteLow = path.lows[done] ?? 0;
    const minuteVolume = path.volumes[done] ?? 0;
    high = Math.max(high, minuteHigh);
    low = Math.min(low, minuteLow);
    volume += minuteVolume;
    notional += minuteVolume * ((minuteHigh + minuteLow + (path.prices[done + 1] ?? 0)) / 3);
  }
  // The minute in progress contributes the share of its volume traded so far.
  const partialVolume = complete ? 0 : Math.floor((path.volumes[minute] ?? 0) * fraction);
  volume += partialVolume;
  notional += partialVolume * price;

  const previousClose = path.previousClose;
  return {
    symbol: point.symbol,
    provider: point.provider,
    price,
    open: path.prices[0] ?? null,
    high,
    low,
    close: complete ? price : null,
    previousClose,
    change: roundTo(price - previousClose, 2),
    changePercent: roundTo(((price - previousClose) / previousClose) * 100, 4),
    volume,
    currency: point.currency,
    timestamp: toIsoUtc(point.nowMs),
    vwap: volume > 0 ? roundTo(notional / volume, 4) : null,
  };
}

function roundTo(value: number, decimals: number): number {
  const scale = 10 ** decimals;
  // Adding 0 turns -0 into 0, which reads better in JSON consumers that print the sign.
  return Math.round(value * scale) / scale + 0;
}
