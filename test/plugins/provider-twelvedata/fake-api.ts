import { scenarioOf, type Scenario } from '../../contracts/provider-contract.js';
import {
  startFakeServer,
  type FakeReply,
  type FakeRequest,
  type FakeServer,
} from '../../helpers/fake-server.js';
import { dailyRows, intradayRows, isUnknown, quoteBody, type SeriesRow } from './fixtures.js';

/*
 * A fake of the Twelve Data REST API (https://api.twelvedata.com): `/quote` and
 * `/time_series` with their documented parameters, the key from `Authorization: apikey <key>`
 * or `?apikey=`, and error bodies `{code, message, status: "error"}`. The key picks the
 * contract scenario.
 */

const intervalMinutes: Readonly<Record<string, number>> = {
  '1min': 1,
  '5min': 5,
  '15min': 15,
  '30min': 30,
  '45min': 45,
  '1h': 60,
  '2h': 120,
  '4h': 240,
  '8h': 480,
};
const dailyIntervals = new Set(['1day', '1week', '1month']);
const adjustments = new Set(['all', 'splits', 'dividends', 'none']);
const dateParam = /^\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2})?)?$/;

/** A Twelve Data error body, with the status the current API sends (or another). */
export function tdError(code: number, message: string, status = code): FakeReply {
  return { status, body: { code, message, status: 'error' } };
}

const badKeyMessage =
  '**apikey** parameter is incorrect or not specified. You can get your free API key instantly following this link: https://twelvedata.com/pricing.';
const minuteMessage =
  'You have run out of API credits for the current minute. 9 API credits were used, with the current limit being 8. Wait for the next minute or consider switching to a higher tier plan at https://twelvedata.com/pricing';
const dayMessage =
  'You have run out of API credits for the day. 801 API credits were used, with the current limit being 800. Wait for the next day or consider switching to a higher tier plan at https://twelvedata.com/pricing';

/** The key a request carries, from the header the adapter should use or the query. */
export function keyOf(request: FakeRequest): string | null {
  const header = request.headers.authorization;
  const match = typeof header === 'string' ? /^apikey (.+)$/.exec(header) : null;
  return match?.[1] ?? request.query.get('apikey');
}

/** Starts the fake on 127.0.0.1. */
export function startTwelveDataFake(): Promise<FakeServer> {
  return startFakeServer((request) => {
    const scenario = scenarioOf(keyOf(request));
    if (scenario === 'missing') return tdError(401, badKeyMessage);
    return scenario === 'ok' ? route(request) : actOut(scenario, request);
  });
}

function actOut(scenario: Exclude<Scenario, 'ok'>, request: FakeRequest): FakeReply {
  switch (scenario) {
    case 'bad-key':
      return tdError(401, badKeyMessage);
    case 'rate-limited':
      // Older answers: the error in the body, HTTP 200.
      return tdError(429, minuteMessage, 200);
    case 'daily-quota':
      return tdError(429, dayMessage);
    case 'plan-required':
      return tdError(
        403,
        `**symbol** ${request.query.get('symbol') ?? ''} is available exclusively with pro or enterprise plans. Consider upgrading your API Key now at https://twelvedata.com/pricing`,
      );
    case 'server-error':
      return tdError(500, 'Internal server error. Please try again later.');
    case 'html':
      return {
        headers: { 'content-type': 'text/html' },
        body: '<!DOCTYPE html><html><body><h1>502 Bad Gateway</h1></body></html>',
      };
    case 'truncated':
      return { ...route(request), truncate: true };
    case 'empty':
      return { body: '', headers: { 'content-type': 'application/json' } };
    case 'slow':
      return { ...route(request), delayMs: 2000 };
    case 'reset':
      return { destroy: true };
    case 'wrong-shape':
      return { body: { data: [{ ticker: 'AAPL', last: 1 }] } };
  }
}

function route(request: FakeRequest): FakeReply {
  if (request.path === '/quote') return answerQuote(request);
  if (request.path === '/time_series') return answerSeries(request);
  return tdError(404, `Path ${request.path} not found.`);
}

function notFound(symbol: string): { code: number; message: string; status: 'error' } {
  return {
    code: 404,
    message: `**symbol** not found: ${symbol}. Please specify it correctly according to API Reference.`,
    status: 'error',
  };
}

function answerQuote(request: FakeRequest): FakeReply {
  const symbols = (request.query.get('symbol') ?? '').split(',').filter((s) => s !== '');
  if (symbols.length === 0)
    return tdError(400, '**symbol** parameter is missing or invalid. Please provide a symbol.');
  const [only] = symbols;
  if (symbols.length === 1 && only !== undefined) {
    return isUnknown(only) ? { status: 404, body: notFound(only) } : { body: quoteBody(only) };
  }
  const entries = Object.fromEntries(
    symbols.map((s) => [s, isUnknown(s) ? notFound(s) : quoteBody(s)]),
  );
  return { headers: { is_batch: 'true' }, body: entries };
}

function answerSeries(request: FakeRequest): FakeReply {
  const { query } = request;
  const symbol = query.get('symbol') ?? '';
  const problem = problemOf(query);
  if (problem !== undefined) return tdError(400, problem);
  if (isUnknown(symbol)) return { status: 404, body: notFound(symbol) };

  const interval = query.get('interval') ?? '';
  const start = query.get('start_date');
  const end = query.get('end_date');
  const minutes = intervalMinutes[interval];
  const rows: SeriesRow[] =
    minutes === undefined ? dailyRows(symbol) : intradayRows(symbol, minutes);
  const from = start === null ? '' : normalized(start);
  const to = end === null ? '9999' : normalized(end);
  // "Default 30 when no date parameters are set, otherwise set to maximum."
  const limit = Number(query.get('outputsize') ?? (start === null && end === null ? 30 : 5000));
  const values = rows
    .filter((row) => normalized(row.datetime) >= from && normalized(row.datetime) <= to)
    .reverse()
    .slice(0, limit);
  if (values.length === 0) {
    return tdError(
      400,
      'No data is available on the specified dates. Try setting different start/end dates.',
    );
  }
  const meta = {
    symbol,
    interval,
    currency: 'USD',
    exchange_timezone: 'America/New_York',
    exchange: 'NASDAQ',
    mic_code: 'XNGS',
    type: 'Common Stock',
  };
  return { body: { meta, values, status: 'ok' } };
}

/** What the API would reject in a `/time_series` query, or undefined. */
function problemOf(query: URLSearchParams): string | undefined {
  const symbol = query.get('symbol') ?? '';
  const interval = query.get('interval') ?? '';
  const outputsize = query.get('outputsize');
  const adjust = query.get('adjust');
  if (symbol === '' || symbol.includes(',')) return '**symbol** parameter is missing or invalid.';
  if (!(interval in intervalMinutes) && !dailyIntervals.has(interval))
    return `**interval** parameter "${interval}" is not supported.`;
  if (outputsize !== null && !/^([1-9]\d{0,2}|[1-4]\d{3}|5000)$/.test(outputsize))
    return '**outputsize** parameter must be between 1 and 5000.';
  for (const name of ['start_date', 'end_date']) {
    const value = query.get(name);
    if (value !== null && !dateParam.test(value)) return `**${name}** has an invalid format.`;
  }
  if (adjust !== null && !adjustments.has(adjust)) return '**adjust** parameter is invalid.';
  return undefined;
}

/** `YYYY-MM-DD HH:MM:SS` for comparisons; a bare date is its midnight. */
function normalized(datetime: string): string {
  const [date, time = '00:00:00'] = datetime.split(/[ T]/);
  return `${date ?? ''} ${time.length === 5 ? `${time}:00` : time}`;
}
