import type { BarRequest } from '../../core/plugins/types.js';
import { toIsoUtc } from '../../core/contract/time.js';
import type { Bar } from '../../core/contract/types.js';
import {
  dailyBarTimestamp,
  describeBars,
  isBarInWindow,
  parseBarWindow,
  parseInstant,
  providerFailure,
  sortBars,
  toNullableNumber,
  toNumber,
  type BarWindow,
} from '../../core/providers/index.js';
import { tiingoIntervals, tiingoIntradayFrequencies } from './capabilities.js';
import type { TiingoOptions } from './options-schema.js';
import { tiingoTicker } from './quotes.js';
import {
  dailyPricesSchema,
  intradayPricesSchema,
  type DailyRow,
  type IntradayRow,
} from './response-schemas.js';
import type { TiingoApi } from './tiingo-api.js';

const provider = 'tiingo';

/** Historical bars of one symbol, sorted by start; throws the classified error on failure. */
export async function fetchTiingoBars(
  api: TiingoApi,
  options: Pick<TiingoOptions, 'adjusted' | 'afterHours'>,
  request: BarRequest,
  signal?: AbortSignal,
): Promise<Bar[]> {
  const window = parseBarWindow(request, { provider, intervals: tiingoIntervals });
  const ticker = encodeURIComponent(tiingoTicker(window.symbol));
  if (window.daily) {
    const what = `daily bars of ${window.symbol}`;
    const rows = await api.getJson<DailyRow[]>(
      `/tiingo/daily/${ticker}/prices`,
      { startDate: window.fromDate, endDate: window.toDate, resampleFreq: 'daily' },
      what,
      dailyPricesSchema,
      signal,
    );
    const bars = rows.map((row) => dailyBarOf(window, row, options.adjusted));
    return sortBars(bars.filter((bar) => isBarInWindow(bar, window)));
  }

  const what = describeBars(window);
  const rows = await api.getJson<IntradayRow[]>(
    `/iex/${ticker}/prices`,
    {
      startDate: window.fromDate,
      endDate: window.toDate,
      resampleFreq: tiingoIntradayFrequencies[window.interval],
      afterHours: options.afterHours,
      // Volume is only sent when asked for by name.
      columns: 'open,high,low,close,volume',
    },
    what,
    intradayPricesSchema,
    signal,
  );
  const bars = rows.map((row) => intradayBarOf(window, row));
  return sortBars(bars.filter((bar) => isBarInWindow(bar, window)));
}

/**
 * Tiingo stamps a daily row with midnight UTC of its trading date
 * (`2025-03-06T00:00:00.000Z`); read as an instant in New York that is the evening before,
 * so the date part is the trading date.
 */
function dailyBarOf(window: BarWindow, row: DailyRow, adjusted: boolean): Bar {
  const date = row.date.slice(0, 10);
  const name = (field: string): string => `${window.symbol} ${date} ${field}`;
  const pick = (raw: unknown, adjustedRaw: unknown): unknown =>
    adjusted && adjustedRaw !== undefined && adjustedRaw !== null ? adjustedRaw : raw;
  return {
    symbol: window.symbol,
    provider,
    interval: '1d',
    date,
    timestamp: dailyBarTimestamp(date),
    open: toNumber(pick(row.open, row.adjOpen), name('open')),
    high: toNumber(pick(row.high, row.adjHigh), name('high')),
    low: toNumber(pick(row.low, row.adjLow), name('low')),
    close: toNumber(pick(row.close, row.adjClose), name('close')),
    volume: toNullableNumber(pick(row.volume, row.adjVolume), name('volume')),
  };
}

function intradayBarOf(window: BarWindow, row: IntradayRow): Bar {
  const startMs = parseInstant(row.date);
  if (startMs === undefined) {
    throw providerFailure('malformed', `${window.symbol} bar time is not an instant: ${row.date}`);
  }
  const name = (field: string): string => `${window.symbol} ${row.date} ${field}`;
  return {
    symbol: window.symbol,
    provider,
    interval: window.interval,
    date: null,
    timestamp: toIsoUtc(startMs),
    open: toNumber(row.open, name('open')),
    high: toNumber(row.high, name('high')),
    low: toNumber(row.low, name('low')),
    close: toNumber(row.close, name('close')),
    volume: toNullableNumber(row.volume, name('volume')),
  };
}
