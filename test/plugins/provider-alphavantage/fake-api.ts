import { scenarioOf, type Scenario } from '../../contracts/provider-contract.js';
import {
  startFakeServer,
  type FakeReply,
  type FakeRequest,
  type FakeServer,
} from '../../helpers/fake-server.js';
import {
  basePriceOf,
  dailyDates,
  dailyRow,
  globalQuote,
  intradayDates,
  intradayRow,
  intradayStamps,
  money,
} from './fixtures.js';

/** A key the fake treats as a free one: premium functions and parameters are refused. */
export const freePlanKey = 'key-free-plan';

/** A fake Alpha Vantage whose answers a test can replace. */
export interface AlphaVantageFake extends FakeServer {
  /** Answers requests with `reply` instead, when it returns a reply; undefined to stop. */
  override(reply: ((request: FakeRequest) => FakeReply | undefined) | undefined): void;
}

type Body = Record<string, unknown>;

const intervals: Readonly<Record<string, number>> = {
  '1min': 1,
  '5min': 5,
  '15min': 15,
  '30min': 30,
  '60min': 60,
};
const premiumWall = {
  Information:
    'Thank you for using Alpha Vantage! This is a premium endpoint. You may subscribe to any of the premium plans at https://www.alphavantage.co/premium/ to instantly unlock all premium endpoints',
};
const invalidKey = {
  'Error Message':
    'the parameter apikey is invalid or missing. Please claim your free API key on (https://www.alphavantage.co/support/#api-key).',
};

/**
 * Starts a fake of `https://www.alphavantage.co/query`: GLOBAL_QUOTE, REALTIME_BULK_QUOTES,
 * TIME_SERIES_DAILY(_ADJUSTED) and TIME_SERIES_INTRADAY with their documented parameters,
 * every error as HTTP 200 with `Error Message`, `Information` or `Note`, the scenario of the
 * contract suite chosen by the `apikey`.
 */
export async function startAlphaVantageFake(): Promise<AlphaVantageFake> {
  let replace: ((request: FakeRequest) => FakeReply | undefined) | undefined;
  const server = await startFakeServer((request) => replace?.(request) ?? answer(request));
  return Object.assign(server, {
    override(reply: typeof replace) {
      replace = reply;
    },
  });
}

function answer(request: FakeRequest): FakeReply {
  if (request.path !== '/query')
    return {
      status: 404,
      headers: { 'content-type': 'text/html' },
      body: '<html><body>Not Found</body></html>',
    };
  const key = request.query.get('apikey');
  const scenario = scenarioOf(key);
  if (scenario === 'missing') return { body: invalidKey };
  const failure = failureOf(scenario, key ?? '', request.query.get('function'));
  if (failure !== undefined) return failure;

  const body =
    key === freePlanKey && isPremium(request.query) ? premiumWall : success(request.query);
  return scenario === 'slow' ? { body, delayMs: 2000 } : { body };
}

function failureOf(scenario: Scenario, key: string, fn: string | null): FakeReply | undefined {
  switch (scenario) {
    case 'bad-key':
      return { body: invalidKey };
    case 'rate-limited':
      return {
        body: {
          Note: 'Thank you for using Alpha Vantage! Our standard API call frequency is 5 calls per minute and 500 calls per day. Please visit https://www.alphavantage.co/premium/ if you would like to target a higher API call frequency.',
        },
      };
    case 'daily-quota':
      // Some versions of this text quote the key back: it must not reach a message or a log.
      return {
        body: {
          Information: `We have detected your API key as ${key} and our standard API rate limit is 25 requests per day. Please subscribe to any of the premium plans at https://www.alphavantage.co/premium/ to instantly remove all daily rate limits.`,
        },
      };
    case 'plan-required':
      return { body: premiumWall };
    case 'server-error':
      return { status: 503, body: 'Service Temporarily Unavailable' };
    case 'html':
      return {
        headers: { 'content-type': 'text/html' },
        body: '<!DOCTYPE html><html><body>Checking your browser</body></html>',
      };
    case 'truncated':
      return { body: { 'Global Quote': globalQuote('AAPL', 260, '2026-03-09') }, truncate: true };
    case 'empty':
      return { headers: { 'content-type': 'application/json' }, body: '' };
    case 'reset':
      return { destroy: true };
    case 'wrong-shape':
      return {
        body:
          fn === 'GLOBAL_QUOTE'
            ? { 'Global Quote': { symbol: 'AAPL', price: 261.74 } }
            : { 'Meta Data': { '2. Symbol': 'AAPL' }, Series: [] },
      };
    default:
      return undefined;
  }
}

/** What a free key may not ask for. */
function isPremium(query: URLSearchParams): boolean {
  const fn = query.get('function');
  return (
    fn === 'REALTIME_BULK_QUOTES' ||
    fn === 'TIME_SERIES_DAILY_ADJUSTED' ||
    query.has('entitlement') ||
    (fn === 'TIME_SERIES_DAILY' && query.get('outputsize') === 'full')
  );
}

function invalidCall(fn: string): Body {
  return {
    'Error Message': `Invalid API call. Please retry or visit the documentation (https://www.alphavantage.co/documentation/) for ${fn}.`,
  };
}

function success(query: URLSearchParams): Body {
  const fn = query.get('function') ?? '';
  const symbol = query.get('symbol') ?? '';
  const outputsize = query.get('outputsize') ?? 'compact';
  const entitlement = query.get('entitlement');
  if (
    !['compact', 'full'].includes(outputsize) ||
    (entitlement !== null && !['delayed', 'realtime'].includes(entitlement))
  )
    return invalidCall(fn);

  switch (fn) {
    case 'GLOBAL_QUOTE':
      return globalQuoteBody(symbol, entitlement);
    case 'REALTIME_BULK_QUOTES':
      return bulkBody(symbol);
    case 'TIME_SERIES_DAILY':
    case 'TIME_SERIES_DAILY_ADJUSTED':
      return dailyBody(fn, symbol, outputsize);
    case 'TIME_SERIES_INTRADAY':
      return intradayBody(query, symbol, outputsize);
    default:
      return { 'Error Message': `This API function (${fn}) does not exist.` };
  }
}

function globalQuoteBody(symbol: string, entitlement: string | null): Body {
  const base = basePriceOf(symbol);
  if (symbol === '') return invalidCall('GLOBAL_QUOTE');
  // Without an entitlement the quote is end of day: yesterday's session until tonight.
  const day = entitlement === null ? '2026-03-09' : '2026-03-10';
  const key =
    entitlement === 'delayed' ? 'Global Quote - DATA DELAYED BY 15 MINUTES' : 'Global Quote';
  return { [key]: base === undefined ? {} : globalQuote(symbol, base, day) };
}

function bulkBody(list: string): Body {
  // Only the first 100 symbols are honoured, as the documentation says.
  const symbols = list.split(',').slice(0, 100);
  const data = symbols.flatMap((symbol) => {
    const base = basePriceOf(symbol);
    if (base === undefined) return [];
    const quote = globalQuote(symbol, base, '2026-03-10');
    return [
      {
        symbol,
        timestamp: '2026-03-10 10:59:58.120',
        open: quote['02. open'],
        high: quote['03. high'],
        low: quote['04. low'],
        close: quote['05. price'],
        volume: '1234567',
        previous_close: quote['08. previous close'],
        change: quote['09. change'],
        change_percent: quote['10. change percent']?.replace('%', ''),
        extended_hours_quote: money(base + 2),
        extended_hours_change: '0.2600',
        extended_hours_change_percent: '0.0994',
      },
    ];
  });
  return { endpoint: 'Realtime Bulk Quotes', message: 'ok', data };
}

function dailyBody(fn: string, symbol: string, outputsize: string): Body {
  const base = basePriceOf(symbol);
  if (base === undefined) return invalidCall(fn);
  const dates = [...dailyDates].reverse().slice(0, outputsize === 'compact' ? 100 : undefined);
  const series = Object.fromEntries(
    dates.map((date) => [date, dailyRow(base, date, fn.endsWith('ADJUSTED'))]),
  );
  return {
    'Meta Data': {
      '1. Information': 'Daily Prices (open, high, low, close) and Volumes',
      '2. Symbol': symbol,
      '3. Last Refreshed': dates[0],
      '4. Output Size': outputsize === 'compact' ? 'Compact' : 'Full size',
      '5. Time Zone': 'US/Eastern',
    },
    'Time Series (Daily)': series,
  };
}

function intradayBody(query: URLSearchParams, symbol: string, outputsize: string): Body {
  const interval = query.get('interval') ?? '';
  const minutes = intervals[interval];
  const month = query.get('month');
  const flags = [query.get('adjusted'), query.get('extended_hours')];
  const base = basePriceOf(symbol);
  if (
    base === undefined ||
    minutes === undefined ||
    flags.some((f) => f !== null && f !== 'true' && f !== 'false')
  )
    return invalidCall('TIME_SERIES_INTRADAY');
  if (month !== null && !/^\d{4}-\d{2}$/.test(month)) return invalidCall('TIME_SERIES_INTRADAY');

  const extended = query.get('extended_hours') !== 'false';
  let stamps = intradayStamps(minutes, extended, intradayDates).reverse();
  if (month !== null) stamps = stamps.filter((stamp) => stamp.startsWith(month));
  else if (outputsize === 'full') stamps = stamps.filter((stamp) => stamp >= '2026-02-08');
  if (outputsize === 'compact') stamps = stamps.slice(0, 100);
  return {
    'Meta Data': {
      '1. Information': `Intraday (${interval}) open, high, low, close prices and volume`,
      '2. Symbol': symbol,
      '3. Last Refreshed': stamps[0] ?? '',
      '4. Interval': interval,
      '5. Output Size': outputsize === 'compact' ? 'Compact' : 'Full size',
      '6. Time Zone': 'US/Eastern',
    },
    [`Time Series (${interval})`]: Object.fromEntries(
      stamps.map((stamp) => [stamp, intradayRow(base, stamp)]),
    ),
  };
}
