import { zonedMidnightUtc } from '../../../core/contract/time.js';
import { scenarioOf, type Scenario } from '../../contracts/provider-contract.js';
import {
  startFakeServer,
  type FakeReply,
  type FakeRequest,
  type FakeServer,
} from '../../helpers/fake-server.js';

/** The fake's clock: 2026-03-10 11:00 New York (EDT, two days after the DST change). */
export const fakeNowMs = Date.parse('2026-03-10T15:00:00.000Z');

/** Weekdays the fake has candles for; 2026-03-10 is still trading at {@link fakeNowMs}. */
export const tradingDates = [
  '2026-03-02',
  '2026-03-03',
  '2026-03-04',
  '2026-03-05',
  '2026-03-06',
  '2026-03-09',
  '2026-03-10',
] as const;

/** `/quote` bodies of the symbols the fake knows, in Finnhub's documented shape. */
export const quoteFixtures: Readonly<Record<string, Record<string, number | null>>> = {
  AAPL: {
    c: 261.74,
    d: 2.29,
    dp: 0.8826,
    h: 263.31,
    l: 260.68,
    o: 261.07,
    pc: 259.45,
    t: 1773154770,
  },
  MSFT: { c: 402.1, d: -3.4, dp: -0.8385, h: 406.2, l: 401.5, o: 405.0, pc: 405.5, t: 1773154790 },
};

/** Finnhub's answer for a symbol it does not know: HTTP 200 with zeros. */
export const unknownQuote = { c: 0, d: null, dp: null, h: 0, l: 0, o: 0, pc: 0, t: 0 };

const basePrice: Readonly<Record<string, number>> = { AAPL: 260, MSFT: 400 };
const resolutions: Readonly<Record<string, number>> = {
  '1': 1,
  '5': 5,
  '15': 15,
  '30': 30,
  '60': 60,
};

/** How the fake stamps daily candles (Finnhub's anchor is undocumented). */
export type DailyAnchor = 'new-york' | 'utc';

/** A fake Finnhub whose answers a test can replace. */
export interface FinnhubFake extends FakeServer {
  /** Answers requests with `reply` instead, when it returns a reply; undefined to stop. */
  override(reply: ((request: FakeRequest) => FakeReply | undefined) | undefined): void;
}

/**
 * Starts a fake of `https://finnhub.io/api/v1` (mounted at `/api/v1`): `/quote` and
 * `/stock/candle`, the token from the X-Finnhub-Token header or `token` query, the scenario
 * of the contract suite chosen by the token.
 */
export async function startFinnhubFake(
  dailyAnchor: DailyAnchor = 'new-york',
): Promise<FinnhubFake> {
  let replace: ((request: FakeRequest) => FakeReply | undefined) | undefined;
  const server = await startFakeServer(
    (request) => replace?.(request) ?? answer(request, dailyAnchor),
  );
  return Object.assign(server, {
    override(reply: typeof replace) {
      replace = reply;
    },
  });
}

function answer(request: FakeRequest, dailyAnchor: DailyAnchor): FakeReply {
  const endpoint = request.path.replace(/^\/api\/v1/, '');
  if (!request.path.startsWith('/api/v1/') || !['/quote', '/stock/candle'].includes(endpoint))
    return { status: 404, body: '404 page not found' };

  const header = request.headers['x-finnhub-token'];
  const token = (typeof header === 'string' ? header : undefined) ?? request.query.get('token');
  const scenario = scenarioOf(token);
  if (scenario === 'missing') {
    // Finnhub's staff: this text comes only when the token is empty.
    return {
      status: 429,
      body: 'API limit reached. Please sign up for a free account to continue using the API.',
    };
  }
  const failure = failureOf(scenario);
  if (failure !== undefined) return failure;

  const ok = endpoint === '/quote' ? quote(request) : candles(request, dailyAnchor);
  return scenario === 'slow' ? { ...ok, delayMs: 2000 } : ok;
}

function failureOf(scenario: Scenario): FakeReply | undefined {
  switch (scenario) {
    case 'bad-key':
      return { status: 401, body: { error: 'Invalid API key.' } };
    case 'rate-limited':
      return {
        status: 429,
        body: { error: 'API limit reached. Please try again later. Remaining Limit: 0' },
      };
    case 'plan-required':
      return { status: 403, body: { error: "You don't have access to this resource." } };
    case 'server-error':
      return { status: 502, body: 'Bad Gateway' };
    case 'html':
      return {
        status: 200,
        headers: { 'content-type': 'text/html' },
        body: '<!DOCTYPE html><html><body>Just a moment...</body></html>',
      };
    case 'truncated':
      return { status: 200, body: quoteFixtures.AAPL, truncate: true };
    case 'empty':
      return { status: 200, headers: { 'content-type': 'application/json' }, body: '' };
    case 'reset':
      return { destroy: true };
    case 'wrong-shape':
      return { status: 200, body: { quote: { last: 261.74 } } };
    default:
      return undefined;
  }
}

function quote(request: FakeRequest): FakeReply {
  const symbol = request.query.get('symbol');
  if (symbol === null || symbol === '')
    return { status: 422, body: { error: 'Symbol is required.' } };
  return { status: 200, body: quoteFixtures[symbol] ?? unknownQuote };
}

function candles(request: FakeRequest, dailyAnchor: DailyAnchor): FakeReply {
  const { query } = request;
  const symbol = query.get('symbol') ?? '';
  const resolution = query.get('resolution') ?? '';
  const from = query.get('from') ?? '';
  const to = query.get('to') ?? '';
  if (!/^\d+$/.test(from) || !/^\d+$/.test(to))
    return { status: 422, body: { error: 'Wrong from/to: Unix seconds expected.' } };
  if (resolution !== 'D' && resolutions[resolution] === undefined)
    return { status: 422, body: { error: 'Unsupported resolution.' } };

  const base = basePrice[symbol];
  const times =
    base === undefined
      ? []
      : resolution === 'D'
        ? dailyTimes(dailyAnchor)
        : intradayTimes(resolutions[resolution] ?? 1);
  const wanted = times.filter((t) => t >= Number(from) && t <= Number(to));
  if (base === undefined || wanted.length === 0) return { status: 200, body: { s: 'no_data' } };

  const rows = wanted.map((t, i) => barAt(base, i, t));
  return {
    status: 200,
    body: {
      c: rows.map((r) => r.c),
      h: rows.map((r) => r.h),
      l: rows.map((r) => r.l),
      o: rows.map((r) => r.o),
      t: wanted,
      v: rows.map((r) => r.v),
      s: 'ok',
    },
  };
}

/** Daily candles: 00:00 New York of each date (the assumed anchor), or 00:00 UTC. */
function dailyTimes(anchor: DailyAnchor): number[] {
  return tradingDates.map((date) =>
    anchor === 'utc'
      ? Date.parse(`${date}T00:00:00Z`) / 1000
      : zonedMidnightUtc(date, 'America/New_York') / 1000,
  );
}

/** Intraday candles of the regular session, stamped at their start, up to the fake's clock. */
function intradayTimes(minutes: number): number[] {
  const times: number[] = [];
  for (const date of tradingDates) {
    const open = zonedMidnightUtc(date, 'America/New_York') + 9.5 * 3_600_000;
    for (let start = open; start < open + 390 * 60_000; start += minutes * 60_000) {
      if (start <= fakeNowMs) times.push(start / 1000);
    }
  }
  return times;
}

function barAt(
  base: number,
  index: number,
  t: number,
): { o: number; h: number; l: number; c: number; v: number } {
  const o = Math.round((base + Math.sin(t / 7919) * 3) * 100) / 100;
  const c = Math.round((o + Math.cos(index) * 0.5) * 100) / 100;
  return { o, h: Math.max(o, c) + 0.25, l: Math.min(o, c) - 0.25, c, v: 1000 + ((t / 60) % 997) };
}
