import { scenarioOf, type Scenario } from '../../contracts/provider-contract.js';
import {
  startFakeServer,
  type FakeReply,
  type FakeRequest,
  type FakeServer,
} from '../../helpers/fake-server.js';

/** How the fake sends errors whose HTTP status OnDemand does not document. */
export interface BarchartFakeOptions {
  /** Send the body's `status.code` as the HTTP status too (default: HTTP 200 for all). */
  readonly mirrorStatus?: boolean;
}

/** Quote results the fake knows; times carry a US/Central offset (CDT after 2025-03-09). */
const quotes: Record<string, Record<string, unknown>> = {
  AAPL: {
    symbol: 'AAPL',
    exchange: 'NASDAQ',
    name: 'Apple Inc',
    dayCode: '2',
    serverTimestamp: '2025-03-12T16:00:05-05:00',
    mode: 'i',
    lastPrice: 216.98,
    tradeTimestamp: '2025-03-12T15:59:59-05:00',
    netChange: -3.86,
    percentChange: -1.75,
    unitCode: '2',
    open: 220.14,
    high: 221.75,
    low: 214.91,
    close: 216.98,
    flag: 's',
    volume: 62547015,
  },
  MSFT: {
    symbol: 'MSFT',
    exchange: 'NASDAQ',
    name: 'Microsoft Corp',
    dayCode: '2',
    serverTimestamp: '2025-03-12T14:20:00-05:00',
    mode: 'i',
    lastPrice: 383.27,
    tradeTimestamp: '2025-03-12T14:19:58-05:00',
    netChange: 2.82,
    percentChange: 0.74,
    open: 382.95,
    high: 385.22,
    low: 378.9,
    close: 0,
    flag: '',
    volume: 11203456,
  },
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

/** Starts a fake of ondemand.websol.barchart.com on 127.0.0.1, its scenario chosen by the key. */
export function startBarchartFake(options: BarchartFakeOptions = {}): Promise<FakeServer> {
  const reply = (code: number, message: string, results: unknown = null): FakeReply => ({
    status: options.mirrorStatus === true ? code : 200,
    body: { status: { code, message }, results },
  });
  return startFakeServer((request) => {
    const scenario = scenarioOf(request.query.get('apikey'));
    if (scenario === 'missing') return reply(401, 'Unauthorized: an API key is required.');
    const failure = failureReply(scenario, reply);
    if (failure !== undefined) return failure;
    const answer = route(request, reply);
    return scenario === 'slow' ? { ...answer, delayMs: 2000 } : answer;
  });
}

type Reply = (code: number, message: string, results?: unknown) => FakeReply;

function failureReply(scenario: Scenario, reply: Reply): FakeReply | undefined {
  switch (scenario) {
    case 'bad-key':
      return reply(401, 'Unauthorized: invalid API key.');
    case 'rate-limited':
      return reply(429, 'Too many requests; slow down.');
    case 'plan-required':
      return reply(403, 'Forbidden: this account is not entitled to this data.');
    case 'server-error':
      return { status: 503, body: 'Service Unavailable' };
    case 'html':
      return {
        headers: { 'content-type': 'text/html' },
        body: '<!DOCTYPE html><html><body>Gateway Timeout</body></html>',
      };
    case 'truncated':
      return { ...reply(200, 'Success.', [quotes.AAPL]), truncate: true };
    case 'empty':
      return { headers: { 'content-type': 'application/json' }, body: '' };
    case 'reset':
      return { destroy: true };
    case 'wrong-shape':
      return { body: { results: { AAPL: 216.98 } } };
    default:
      return undefined;
  }
}

function route(request: FakeRequest, reply: Reply): FakeReply {
  if (request.path === '/getQuote.json') return quoteReply(request.query, reply);
  if (request.path === '/getHistory.json') return historyReply(request.query, reply);
  return { status: 404, headers: { 'content-type': 'text/html' }, body: '<html>Not Found</html>' };
}

function quoteReply(query: URLSearchParams, reply: Reply): FakeReply {
  const symbols = (query.get('symbols') ?? '').split(',').filter((s) => s !== '');
  if (symbols.length === 0) return reply(400, 'Bad request: symbols is required.');
  const results = symbols.flatMap((symbol) => quotes[symbol.toUpperCase()] ?? []);
  return results.length === 0
    ? reply(204, 'Success, but no content to return.')
    : reply(200, 'Success.', results);
}

function historyReply(query: URLSearchParams, reply: Reply): FakeReply {
  const symbol = query.get('symbol') ?? '';
  const type = query.get('type');
  const start = query.get('startDate') ?? '';
  const end = query.get('endDate') ?? '99999999';
  const maxRecords = Number(query.get('maxRecords') ?? '1000');
  if (!/^\d{8}(\d{4}(\d{2})?)?$/.test(start)) return reply(400, 'Bad request: startDate.');
  if (query.get('order') !== 'asc') return reply(400, 'This fake serves order=asc only.');
  if (quotes[symbol.toUpperCase()] === undefined) {
    return reply(204, 'Success, but no content to return.');
  }

  let rows: { key: string; row: Record<string, unknown> }[];
  if (type === 'daily') {
    const dividends = query.get('dividends') !== 'false';
    rows = tradingDates.map((date, index) => {
      const close = (200 + index) * (dividends ? 0.99 : 1);
      const offset = date < '2025-03-09' ? '-05:00' : '-04:00';
      return {
        key: date.replace(/-/g, ''),
        row: {
          symbol,
          timestamp: `${date}T00:00:00${offset}`,
          tradingDay: date,
          open: close - 1,
          high: close + 2,
          low: close - 3,
          close,
          volume: 50_000_000 + index,
          openInterest: null,
        },
      };
    });
  } else if (type === 'minutes') {
    const interval = Number(query.get('interval') ?? '1');
    if (![1, 5, 15, 30, 60].includes(interval)) return reply(400, 'Bad request: interval.');
    rows = minuteRows(symbol, interval);
  } else {
    return reply(400, 'Bad request: type.');
  }

  const from = start.padEnd(12, '0').slice(0, 12);
  const to = end.length === 8 ? `${end}2359` : end.slice(0, 12);
  const picked = rows
    .filter(({ key }) => key.padEnd(12, '0') >= from && key.padEnd(12, '0') <= to)
    .slice(0, maxRecords)
    .map(({ row }) => row);
  return picked.length === 0
    ? reply(204, 'Success, but no content to return.')
    : reply(200, 'Success.', picked);
}

/** Minute bars of the regular sessions from 2025-03-10, stamped at their start in Eastern time. */
function minuteRows(symbol: string, interval: number) {
  const rows: { key: string; row: Record<string, unknown> }[] = [];
  for (const date of tradingDates.filter((d) => d >= '2025-03-10')) {
    for (let minute = 0; minute < 390; minute += interval) {
      const wall = 9 * 60 + 30 + minute;
      const hh = String(Math.floor(wall / 60)).padStart(2, '0');
      const mm = String(wall % 60).padStart(2, '0');
      const price = 210 + minute / 100;
      rows.push({
        key: `${date.replace(/-/g, '')}${hh}${mm}`,
        row: {
          symbol,
          timestamp: `${date}T${hh}:${mm}:00-04:00`,
          tradingDay: date,
          open: price,
          high: price + 0.5,
          low: price - 0.5,
          close: price + 0.25,
          volume: 1000 + minute,
        },
      });
    }
  }
  return rows;
}
