import { scenarioOf, type Scenario } from '../../contracts/provider-contract.js';
import {
  startFakeServer,
  type FakeReply,
  type FakeRequest,
  type FakeServer,
} from '../../helpers/fake-server.js';

/** IEX top-of-book rows the fake serves, keyed by Tiingo ticker (lower case). */
const iexRows: Record<string, Record<string, unknown>> = {
  aapl: {
    ticker: 'AAPL',
    // No IEX exchange agreement: last and the book are null, tngoLast is the price.
    timestamp: '2025-03-12T16:59:59.123456789-04:00',
    lastSaleTimestamp: '2025-03-12T16:59:58.5-04:00',
    quoteTimestamp: '2025-03-12T16:59:59.123456789-04:00',
    last: null,
    lastSize: null,
    tngoLast: 216.98,
    prevClose: 220.84,
    open: 220.14,
    high: 221.75,
    low: 214.91,
    mid: null,
    volume: 1834211,
    bidPrice: null,
    bidSize: null,
    askPrice: null,
    askSize: null,
  },
  msft: {
    ticker: 'MSFT',
    timestamp: '2025-03-12T20:59:59.987654321Z',
    lastSaleTimestamp: '2025-03-12T20:59:59.5Z',
    quoteTimestamp: '2025-03-12T20:59:59.987654321Z',
    last: 383.27,
    lastSize: 100,
    tngoLast: 383.27,
    prevClose: 380.45,
    open: 382.95,
    high: 385.22,
    low: 378.9,
    mid: 383.275,
    volume: 912834,
    bidPrice: 383.26,
    bidSize: 200,
    askPrice: 383.29,
    askSize: 300,
  },
  'brk-b': {
    ticker: 'BRK-B',
    timestamp: '2025-03-12T20:00:00+00:00',
    last: 512.1,
    tngoLast: 512.1,
    prevClose: 515,
    open: 514,
    high: 516.2,
    low: 510.05,
    volume: 40212,
    bidPrice: 0,
    askPrice: 0,
  },
};

/** Weekdays the fake has end-of-day prices for. */
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

const resampleMinutes: Record<string, number> = {
  '1min': 1,
  '5min': 5,
  '15min': 15,
  '30min': 30,
  '1hour': 60,
  '4hour': 240,
};

/** Starts a fake of api.tiingo.com on 127.0.0.1, its scenario chosen by the token. */
export function startTiingoFake(): Promise<FakeServer> {
  return startFakeServer(answer);
}

function answer(request: FakeRequest): FakeReply {
  const token = tokenOf(request);
  const scenario = scenarioOf(token);
  if (scenario === 'missing') {
    return detail(401, 'Authentication credentials were not provided.');
  }
  const failure = failureReply(scenario);
  if (failure !== undefined) return failure;

  const reply = route(request);
  return scenario === 'slow' ? { ...reply, delayMs: 2000 } : reply;
}

/** Tiingo takes `Authorization: Token <key>`, or `?token=` in the query. */
function tokenOf(request: FakeRequest): string | undefined {
  const header = request.headers.authorization;
  const match = typeof header === 'string' ? /^Token (\S+)$/.exec(header) : null;
  return match?.[1] ?? request.query.get('token') ?? undefined;
}

function failureReply(scenario: Scenario): FakeReply | undefined {
  switch (scenario) {
    case 'bad-key':
      return detail(401, 'Invalid token.');
    case 'rate-limited':
      return detail(
        429,
        'Error: You have run over your hourly request allocation. Please upgrade at https://api.tiingo.com/pricing to have your limits increased.',
      );
    case 'daily-quota':
      return detail(
        429,
        'Error: You have run over your daily request allocation. Please upgrade at https://api.tiingo.com/pricing to have your limits increased.',
      );
    case 'server-error':
      return { status: 502, body: 'Bad Gateway' };
    case 'html':
      return {
        headers: { 'content-type': 'text/html' },
        body: '<!DOCTYPE html><html><body>Maintenance</body></html>',
      };
    case 'truncated':
      return { body: [iexRows.aapl], truncate: true };
    case 'empty':
      return { headers: { 'content-type': 'application/json' }, body: '' };
    case 'reset':
      return { destroy: true };
    case 'wrong-shape':
      return { body: { data: [iexRows.aapl] } };
    default:
      return undefined;
  }
}

function route(request: FakeRequest): FakeReply {
  const parts = request.path.split('/').filter((part) => part !== '');
  if (request.method !== 'GET') return detail(405, 'Method not allowed.');
  if (parts[0] === 'iex' && parts.length === 1) return batchQuotes(request);
  if (parts[0] === 'iex' && parts.length === 2) return singleQuote(parts[1] ?? '');
  if (parts[0] === 'iex' && parts.length === 3 && parts[2] === 'prices') {
    return intradayPrices(parts[1] ?? '', request.query);
  }
  if (
    parts[0] === 'tiingo' &&
    parts[1] === 'daily' &&
    parts[3] === 'prices' &&
    parts.length === 4
  ) {
    return dailyPrices(parts[2] ?? '', request.query);
  }
  return detail(404, 'Not found.');
}

function batchQuotes(request: FakeRequest): FakeReply {
  const tickers = request.query.get('tickers');
  // Without tickers, /iex returns every ticker; the adapter never asks for that.
  if (tickers === null) return detail(400, 'Error: the test fake wants tickers=');
  const rows = tickers.split(',').flatMap((ticker) => iexRows[ticker.toLowerCase()] ?? []);
  return { body: rows };
}

function singleQuote(ticker: string): FakeReply {
  const row = iexRows[ticker.toLowerCase()];
  return { body: row === undefined ? [] : [row] };
}

function dailyPrices(ticker: string, query: URLSearchParams): FakeReply {
  if (iexRows[ticker.toLowerCase()] === undefined) {
    return detail(404, `Error: Ticker '${ticker}' not found`);
  }
  const start = query.get('startDate') ?? '';
  const end = query.get('endDate') ?? '9999-12-31';
  if (!/^\d{4}-\d{2}-\d{2}$/.test(start)) return detail(400, 'Error: startDate is required');
  if (!['daily', null].includes(query.get('resampleFreq'))) {
    return detail(400, 'Error: resampleFreq must be daily, weekly, monthly or annually');
  }
  const rows = tradingDates
    .map((date, index) => ({ date, index }))
    .filter(({ date }) => date >= start && date <= end)
    .map(({ date, index }) => {
      const close = 200 + index;
      return {
        date: `${date}T00:00:00.000Z`,
        close,
        high: close + 2,
        low: close - 3,
        open: close - 1,
        volume: 50_000_000 + index,
        adjClose: close / 2,
        adjHigh: (close + 2) / 2,
        adjLow: (close - 3) / 2,
        adjOpen: (close - 1) / 2,
        adjVolume: (50_000_000 + index) * 2,
        divCash: 0,
        splitFactor: 1,
      };
    });
  return { body: rows };
}

function intradayPrices(ticker: string, query: URLSearchParams): FakeReply {
  if (iexRows[ticker.toLowerCase()] === undefined) {
    return detail(404, `Error: Ticker '${ticker}' not found`);
  }
  const minutes = resampleMinutes[query.get('resampleFreq') ?? ''];
  if (minutes === undefined) return detail(400, "Error: resampleFreq must be in 'min' or 'hour'");
  const start = query.get('startDate') ?? '';
  const end = query.get('endDate') ?? start;
  const columns = (query.get('columns') ?? 'open,high,low,close').split(',');
  const rows: Record<string, unknown>[] = [];
  for (const date of tradingDates.filter((d) => d >= start && d <= end)) {
    // Regular session from 09:30 New York: 14:30Z before the 2025-03-09 switch, 13:30Z after.
    const openMs = Date.parse(`${date}T${date < '2025-03-09' ? '14' : '13'}:30:00.000Z`);
    for (let minute = 0; minute < 390; minute += minutes) {
      const price = 210 + minute / 100;
      const row: Record<string, unknown> = {
        date: new Date(openMs + minute * 60_000).toISOString(),
        open: price,
        high: price + 0.5,
        low: price - 0.5,
        close: price + 0.25,
      };
      if (columns.includes('volume')) row.volume = 1000 + minute;
      rows.push(row);
    }
  }
  return { body: rows };
}

function detail(status: number, text: string): FakeReply {
  return { status, body: { detail: text } };
}
