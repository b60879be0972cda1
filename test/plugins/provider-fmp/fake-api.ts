import { scenarioOf, type Scenario } from '../../contracts/provider-contract.js';
import {
  startFakeServer,
  type FakeReply,
  type FakeRequest,
  type FakeServer,
} from '../../helpers/fake-server.js';
import { adjustedRows, eodRows, intradayRows, isUnknown, quoteItem } from './fixtures.js';

/*
 * A fake of the Financial Modeling Prep `/stable` API: the documented paths and query
 * parameters, the key only from `?apikey=`, errors as `{"Error Message": ...}` (or plain
 * text), unknown symbols as `[]`, and the 403 "Legacy Endpoint" of /api/v3. The key picks the
 * contract scenario; the key `key-no-batch` has a plan without /batch-quote.
 */

/** The key of a plan that refuses /batch-quote but serves everything else. */
export const noBatchKey = 'key-no-batch';

const intradayMinutes: Readonly<Record<string, number>> = {
  '1min': 1,
  '5min': 5,
  '15min': 15,
  '30min': 30,
  '1hour': 60,
  '4hour': 240,
};
const datePattern = /^\d{4}-\d{2}-\d{2}$/;

/** An FMP error: `{"Error Message": text}` with a status. */
export function fmpError(status: number, text: string): FakeReply {
  return { status, body: { 'Error Message': text } };
}

const invalidKey =
  'Invalid API KEY. Feel free to create a Free API Key or visit https://site.financialmodelingprep.com/faqs?search=why-is-my-api-key-invalid for more information.';
/** FMP's answer once the plan's calls are used up (per day on Basic, per minute on paid plans). */
export const limitReach =
  'Limit Reach . Please upgrade your plan or visit our documentation for more details at https://site.financialmodelingprep.com/';
const premiumParameter =
  "Premium Query Parameter: This value set for 'symbol' is not available under your current subscription please visit our subscription page to upgrade your plan at https://site.financialmodelingprep.com/developer/docs/pricing";
const legacyEndpoint =
  'Legacy Endpoint : Due to Legacy endpoints being no longer supported - This endpoint is only available for legacy users who have valid subscriptions prior August 31, 2025. Please visit our subscription page to upgrade your plan or contact us at https://site.financialmodelingprep.com/developer/docs/pricing';

/** Starts the fake on 127.0.0.1. */
export function startFmpFake(): Promise<FakeServer> {
  return startFakeServer((request) => {
    const key = request.query.get('apikey');
    const scenario = scenarioOf(key);
    if (scenario === 'missing') return fmpError(401, invalidKey);
    if (/^\/api\/v[34]\//.test(request.path)) return fmpError(403, legacyEndpoint);
    if (scenario !== 'ok') return actOut(scenario, request);
    if (key === noBatchKey && request.path === '/stable/batch-quote') {
      return fmpError(
        402,
        'Exclusive Endpoint : This endpoint is not available under your current subscription please visit our subscription page to upgrade your plan at https://site.financialmodelingprep.com/developer/docs/pricing',
      );
    }
    return route(request);
  });
}

function actOut(scenario: Exclude<Scenario, 'ok'>, request: FakeRequest): FakeReply {
  switch (scenario) {
    case 'bad-key':
      return fmpError(401, invalidKey);
    case 'rate-limited':
      return fmpError(429, limitReach);
    case 'daily-quota':
      // Reported too: the limit with HTTP 200.
      return fmpError(200, limitReach);
    case 'plan-required':
      // Seen as plain text as well as JSON.
      return { status: 402, body: premiumParameter };
    case 'server-error':
      return fmpError(500, 'Internal Server Error');
    case 'html':
      return {
        headers: { 'content-type': 'text/html' },
        body: '<!DOCTYPE html><html><head><title>503</title></head><body>Service Unavailable</body></html>',
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
      return { body: { symbol: 'AAPL', price: 1 } };
  }
}

function route(request: FakeRequest): FakeReply {
  const { path, query } = request;
  if (path === '/stable/quote') return answerQuotes([query.get('symbol') ?? '']);
  if (path === '/stable/batch-quote') return answerQuotes((query.get('symbols') ?? '').split(','));
  const problem = problemOf(query);
  if (path.startsWith('/stable/historical-') && problem !== undefined)
    return fmpError(400, problem);
  const symbol = query.get('symbol') ?? '';
  const eod = /^\/stable\/historical-price-eod\/(full|dividend-adjusted|non-split-adjusted)$/.exec(
    path,
  );
  if (eod !== null) {
    const rows =
      eod[1] === 'full'
        ? eodRows(symbol)
        : adjustedRows(symbol, eod[1] === 'non-split-adjusted' ? 4 : 0.98);
    return answerRows(request, rows);
  }
  const minutes = intradayMinutes[/^\/stable\/historical-chart\/(\w+)$/.exec(path)?.[1] ?? ''];
  if (minutes !== undefined) return answerRows(request, intradayRows(symbol, minutes));
  return fmpError(404, `Endpoint ${path} does not exist.`);
}

function answerQuotes(symbols: readonly string[]): FakeReply {
  if (symbols.some((s) => s === ''))
    return fmpError(400, 'Invalid parameters: symbol is required.');
  return { body: symbols.filter((s) => !isUnknown(s)).map(quoteItem) };
}

/** Rows whose date falls in from..to (inclusive dates), newest first; [] for unknown symbols. */
function answerRows(request: FakeRequest, rows: Record<string, unknown>[]): FakeReply {
  const symbol = request.query.get('symbol') ?? '';
  if (isUnknown(symbol)) return { body: [] };
  const from = request.query.get('from') ?? '0000';
  const to = request.query.get('to') ?? '9999';
  const picked = rows.filter((row) => {
    const date = String(row.date).slice(0, 10);
    return date >= from && date <= to;
  });
  return { body: picked.reverse() };
}

function problemOf(query: URLSearchParams): string | undefined {
  if ((query.get('symbol') ?? '') === '') return 'Invalid parameters: symbol is required.';
  for (const name of ['from', 'to']) {
    const value = query.get(name);
    if (value !== null && !datePattern.test(value))
      return `Invalid parameters: ${name} must be YYYY-MM-DD.`;
  }
  return undefined;
}
