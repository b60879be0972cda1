import { scenarioOf, type Scenario } from '../../contracts/provider-contract.js';
import {
  startFakeServer,
  type FakeReply,
  type FakeRequest,
  type FakeServer,
} from '../../helpers/fake-server.js';

/** How the fake pages: the most rows it puts on one page, whatever page_size asks. */
export interface IntrinioFakeOptions {
  readonly quotePageCap?: number;
  readonly barPageCap?: number;
}

function realtime(ticker: string, last: number, extra: Record<string, unknown> = {}) {
  return {
    last_price: last,
    last_time: '2025-03-12T20:59:59.000Z',
    last_size: 100,
    bid_price: Math.round((last - 0.05) * 100) / 100,
    bid_size: 300,
    ask_price: Math.round((last + 0.05) * 100) / 100,
    ask_size: 200,
    open_price: last + 3,
    close_price: null,
    high_price: last + 5,
    low_price: last - 2,
    exchange_volume: 1_834_211,
    market_volume: 62_547_015,
    eod_close_price: last + 4,
    updated_on: '2025-03-12T21:00:00.412Z',
    source: 'delayed_sip',
    listing_venue: 'Q',
    sales_conditions: '@',
    quote_conditions: 'R',
    market_center_code: 'Q',
    is_darkpool: false,
    security: { id: `sec_${ticker.toLowerCase()}`, ticker, exchange_mic: 'XNAS', currency: 'USD' },
    ...extra,
  };
}

/** Realtime prices the fake knows, keyed by ticker. */
const prices: Record<string, ReturnType<typeof realtime>> = {
  AAPL: realtime('AAPL', 216.98),
  MSFT: realtime('MSFT', 383.27, { last_time: '2025-03-12T16:59:58.250-04:00' }),
  NVDA: realtime('NVDA', 115.74),
  AMZN: realtime('AMZN', 198.89, { eod_close_price: undefined, market_volume: null }),
};

const tradingDates = [
  '2025-03-03',
  '2025-03-04',
  '2025-03-05',
  '2025-03-06',
  '2025-03-07',
  '2025-03-10',
  '2025-03-11',
  '2025-03-12',
];

const intervalMinutes: Record<string, number> = {
  '1m': 1,
  '5m': 5,
  '10m': 10,
  '15m': 15,
  '30m': 30,
  '60m': 60,
  '1h': 60,
};

/** Starts a fake of api-v2.intrinio.com on 127.0.0.1, its scenario chosen by the key. */
export function startIntrinioFake(options: IntrinioFakeOptions = {}): Promise<FakeServer> {
  const caps = { quotes: options.quotePageCap ?? 100, bars: options.barPageCap ?? 3 };
  return startFakeServer((request) => {
    const scenario = scenarioOf(keyOf(request));
    if (scenario === 'missing') return error(401, 'Unauthorized', 'No API key was provided.');
    const failure = failureReply(scenario);
    if (failure !== undefined) return failure;
    const reply = route(request, caps);
    return scenario === 'slow' ? { ...reply, delayMs: 2000 } : reply;
  });
}

/** Intrinio takes `Authorization: Bearer <key>` or `?api_key=`. */
function keyOf(request: FakeRequest): string | undefined {
  const header = request.headers.authorization;
  const match = typeof header === 'string' ? /^Bearer (\S+)$/.exec(header) : null;
  return match?.[1] ?? request.query.get('api_key') ?? undefined;
}

function failureReply(scenario: Scenario): FakeReply | undefined {
  switch (scenario) {
    case 'bad-key':
      return error(401, 'Unauthorized', 'The API key provided is not valid.');
    case 'rate-limited':
      return {
        status: 429,
        headers: { 'retry-after': '2' },
        body: { error: 'Too Many Requests', message: 'You have exceeded your request limit.' },
      };
    case 'daily-quota':
      return error(429, 'Too Many Requests', 'You have exceeded your daily request limit.');
    case 'plan-required':
      return {
        status: 401,
        body: { human: 'No active subscription(s).', message: 'No active subscription(s).' },
      };
    case 'server-error':
      return error(503, 'Service Unavailable', 'The request took too long and was dropped.');
    case 'html':
      return {
        headers: { 'content-type': 'text/html' },
        body: '<!DOCTYPE html><html><body>502 Bad Gateway</body></html>',
      };
    case 'truncated':
      return { body: prices.AAPL, truncate: true };
    case 'empty':
      return { headers: { 'content-type': 'application/json' }, body: '' };
    case 'reset':
      return { destroy: true };
    case 'wrong-shape':
      return { body: { data: { price: 216.98 } } };
    default:
      return undefined;
  }
}

function route(request: FakeRequest, caps: { quotes: number; bars: number }): FakeReply {
  const parts = request.path.split('/').filter((part) => part !== '');
  const { query } = request;
  if (parts[0] === 'securities' && parts.length >= 3 && parts[2] === 'prices') {
    const ticker = decodeURIComponent(parts[1] ?? '').toUpperCase();
    if (prices[ticker] === undefined) {
      return error(404, 'Not Found', 'The requested security could not be found.');
    }
    if (parts.length === 4 && parts[3] === 'realtime') return { body: prices[ticker] };
    if (parts.length === 3) return dailyPrices(ticker, query, caps.bars);
    if (parts.length === 4 && parts[3] === 'intervals') return intervals(ticker, query, caps.bars);
  }
  if (parts[0] === 'stock_exchanges' && parts[2] === 'prices' && parts[3] === 'realtime') {
    if (!['USCOMP', 'XNAS', 'XNYS'].includes(parts[1] ?? '')) {
      return error(404, 'Not Found', 'The requested stock exchange could not be found.');
    }
    return exchangePrices(query, caps.quotes);
  }
  return error(404, 'Not Found', 'The requested resource could not be found.');
}

function exchangePrices(query: URLSearchParams, cap: number): FakeReply {
  const size = pageSizeOf(query);
  if (size === undefined) return error(400, 'Bad Request', 'page_size must be from 1 to 100.');
  const tickers = (query.get('tickers') ?? '').split(',').filter((t) => t !== '');
  if (tickers.length === 0) return error(400, 'Bad Request', 'This fake expects tickers=.');
  // Unknown tickers are left out of the list, as the exchange endpoint does.
  const rows = tickers.flatMap((ticker) => prices[ticker.toUpperCase()] ?? []);
  return page('stock_prices', rows, query, Math.min(size, cap), {
    stock_exchange: { mic: 'USCOMP' },
  });
}

function dailyPrices(ticker: string, query: URLSearchParams, cap: number): FakeReply {
  const size = pageSizeOf(query);
  const start = query.get('start_date') ?? '0000-01-01';
  const end = query.get('end_date') ?? '9999-12-31';
  if (size === undefined) return error(400, 'Bad Request', 'page_size must be from 1 to 100.');
  if (!['daily', null].includes(query.get('frequency'))) {
    return error(
      400,
      'Bad Request',
      'frequency must be daily, weekly, monthly, quarterly or yearly.',
    );
  }
  const rows = tradingDates
    .map((date, index) => ({ date, index }))
    .filter(({ date }) => date >= start && date <= end)
    .reverse()
    .map(({ date, index }) => {
      const close = 200 + index;
      return {
        date,
        intraperiod: false,
        frequency: 'daily',
        open: close - 1,
        high: close + 2,
        low: close - 3,
        close,
        volume: 50_000_000 + index,
        adj_open: (close - 1) / 2,
        adj_high: (close + 2) / 2,
        adj_low: (close - 3) / 2,
        adj_close: close / 2,
        adj_volume: (50_000_000 + index) * 2,
        factor: 2,
        split_ratio: 1,
        dividend: 0,
      };
    });
  return page('stock_prices', rows, query, Math.min(size, cap), { security: { ticker } });
}

function intervals(ticker: string, query: URLSearchParams, cap: number): FakeReply {
  const size = pageSizeOf(query);
  const minutes = intervalMinutes[query.get('interval_size') ?? '5m'];
  if (size === undefined) return error(400, 'Bad Request', 'page_size must be from 1 to 100.');
  if (minutes === undefined) return error(400, 'Bad Request', 'interval_size is not valid.');
  if (!['UTC', null].includes(query.get('timezone'))) {
    return error(400, 'Bad Request', 'This fake only serves timezone=UTC.');
  }
  const fromMs = Date.parse(
    `${query.get('start_date') ?? ''}T${query.get('start_time') ?? '00:00:00'}Z`,
  );
  const toMs = Date.parse(`${query.get('end_date') ?? ''}T${query.get('end_time') ?? '23:59:59'}Z`);
  if (Number.isNaN(fromMs) || Number.isNaN(toMs)) {
    return error(400, 'Bad Request', 'start_date and end_date are required.');
  }
  const rows: Record<string, unknown>[] = [];
  for (const date of tradingDates.filter((d) => d >= '2025-03-10')) {
    const openMs = Date.parse(`${date}T13:30:00.000Z`);
    for (let minute = 0; minute < 390; minute += minutes) {
      const startMs = openMs + minute * 60_000;
      if (startMs < fromMs || startMs > toMs) continue;
      const price = 380 + minute / 100;
      rows.push({
        time: new Date(startMs).toISOString(),
        close_time: new Date(startMs + minutes * 60_000 - 1000).toISOString(),
        open: price,
        high: price + 0.4,
        low: price - 0.4,
        close: price + 0.1,
        volume: 5000 + minute,
        average: price + 0.05,
        change: 0.0003,
        trade_count: 120,
        interval: 'FiveMinute',
      });
    }
  }
  rows.reverse();
  return page('intervals', rows, query, Math.min(size, cap), {
    security: { ticker },
    source: 'realtime',
  });
}

/** One page of `rows` from the offset the `next_page` token encodes. */
function page(
  key: string,
  rows: readonly unknown[],
  query: URLSearchParams,
  size: number,
  extra: Record<string, unknown>,
): FakeReply {
  const token = query.get('next_page');
  const offset =
    token === null || token === ''
      ? 0
      : Number(Buffer.from(token, 'base64').toString().split(':')[1]);
  if (!Number.isInteger(offset)) return error(400, 'Bad Request', 'next_page is not valid.');
  const end = offset + size;
  const next = end < rows.length ? Buffer.from(`page:${end}`).toString('base64') : null;
  return { body: { [key]: rows.slice(offset, end), ...extra, next_page: next } };
}

function pageSizeOf(query: URLSearchParams): number | undefined {
  const size = Number(query.get('page_size') ?? '100');
  return Number.isInteger(size) && size >= 1 && size <= 100 ? size : undefined;
}

function error(status: number, title: string, message: string): FakeReply {
  return { status, body: { error: title, message } };
}
