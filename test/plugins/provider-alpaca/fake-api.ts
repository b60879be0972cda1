import { scenarioOf } from '../../contracts/provider-contract.js';
import {
  startFakeServer,
  type FakeReply,
  type FakeRequest,
  type FakeServer,
} from '../../helpers/fake-server.js';
import { dailyBars, defaultSnapshots, fiveMinuteBars } from './fixtures.js';

/** What the fake Alpaca API serves; tests change it between calls. */
export interface AlpacaFake extends FakeServer {
  /** Snapshots by symbol. */
  readonly snapshots: Map<string, Record<string, unknown>>;
  /** Bars by timeframe (`1Day`, `5Min`), for every known symbol. */
  readonly bars: Map<string, readonly Record<string, unknown>[]>;
  /** Bars per page before a `next_page_token` is handed out. */
  pageSize: number;
  /** Answers a request before the API does, when it returns a reply. */
  intercept: ((request: FakeRequest) => FakeReply | undefined) | undefined;
}

/** The secret key the fake expects with a key ID: proves the secret header is the secret. */
export function secretFor(keyId: string): string {
  return `secret-of-${keyId}`;
}

const feeds = new Set(['iex', 'sip', 'delayed_sip', 'boats', 'overnight', 'otc']);
const adjustments = new Set(['raw', 'split', 'dividend', 'all']);
const timeframe = /^[1-9]\d*(Min|T|Hour|H|Day|D|Week|W|Month|M)$/;
const timeBound = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2}))?$/;

/** Starts a fake of the Alpaca Market Data v2 API on 127.0.0.1. */
export async function startAlpacaFake(): Promise<AlpacaFake> {
  const fake = {
    snapshots: defaultSnapshots(),
    bars: new Map([
      ['1Day', dailyBars],
      ['5Min', fiveMinuteBars()],
    ]),
    pageSize: 2,
    intercept: undefined as AlpacaFake['intercept'],
  };
  const server = await startFakeServer(
    (request) => fake.intercept?.(request) ?? answer(request, fake),
  );
  return Object.assign(fake, server);
}

type FakeState = Pick<AlpacaFake, 'snapshots' | 'bars' | 'pageSize'>;

function answer(request: FakeRequest, state: FakeState): FakeReply {
  const keyId = header(request, 'apca-api-key-id');
  const secret = header(request, 'apca-api-secret-key');
  const scenario = scenarioOf(keyId);
  // Alpaca answers 403 for a missing or wrong key as it does for a plan it does not cover.
  if (scenario === 'missing' || secret !== secretFor(keyId ?? '')) return fail(403, 'forbidden');
  const early = earlyReply(scenario);
  if (early !== undefined) return early;

  const reply = route(request, state);
  if (scenario === 'truncated') return { ...reply, truncate: true };
  if (scenario === 'slow') return { ...reply, delayMs: 2000 };
  return reply;
}

function earlyReply(scenario: string): FakeReply | undefined {
  switch (scenario) {
    case 'bad-key':
      return fail(403, 'forbidden');
    case 'rate-limited':
      return fail(429, 'too many requests.');
    case 'plan-required':
      return fail(403, 'subscription does not permit querying recent SIP data');
    case 'server-error':
      return fail(500, 'internal server error occurred');
    case 'html':
      return {
        headers: { 'content-type': 'text/html' },
        body: '<html><head><title>502 Bad Gateway</title></head><body>upstream</body></html>',
      };
    case 'empty':
      return { body: '' };
    case 'reset':
      return { destroy: true };
    case 'wrong-shape':
      return { body: { quotes: ['AAPL'], next_page_token: null } };
    default:
      return undefined;
  }
}

function route(request: FakeRequest, state: FakeState): FakeReply {
  const feed = request.query.get('feed');
  if (feed !== null && !feeds.has(feed)) return fail(400, 'invalid feed');
  const symbols = (request.query.get('symbols') ?? '').split(',').filter((s) => s !== '');
  if (request.path === '/v2/stocks/snapshots') {
    if (symbols.length === 0) return fail(400, 'missing symbols');
    // Unknown symbols are left out of the map.
    const known = symbols.flatMap((s) => {
      const snapshot = state.snapshots.get(s);
      return snapshot === undefined ? [] : [[s, snapshot] as const];
    });
    return { body: Object.fromEntries(known) };
  }
  if (request.path === '/v2/stocks/bars') return barsReply(request, state, symbols);
  return fail(404, 'Not Found');
}

function barsReply(request: FakeRequest, state: FakeState, symbols: string[]): FakeReply {
  const query = request.query;
  const [start, end, limit] = [
    query.get('start') ?? '',
    query.get('end') ?? '',
    query.get('limit'),
  ];
  if (symbols.length === 0) return fail(400, 'missing symbols');
  if (!timeframe.test(query.get('timeframe') ?? '')) return fail(422, 'invalid timeframe');
  if (!timeBound.test(start) || (end !== '' && !timeBound.test(end)))
    return fail(422, 'invalid start or end');
  if (limit !== null && !(Number(limit) >= 1 && Number(limit) <= 10_000))
    return fail(422, 'invalid limit');
  if (!adjustments.has(query.get('adjustment') ?? 'raw')) return fail(422, 'invalid adjustment');
  if (!['asc', 'desc'].includes(query.get('sort') ?? 'asc')) return fail(422, 'invalid sort');
  const token = query.get('page_token');
  const offset = token === null ? 0 : Number(atob(token).replace('offset:', ''));
  if (!Number.isInteger(offset)) return fail(422, 'invalid page token');

  const [fromMs, toMs] = [startOf(start), end === '' ? Infinity : endOf(end)];
  const series = state.bars.get(query.get('timeframe') ?? '') ?? [];
  const rows = symbols.flatMap((symbol) =>
    state.snapshots.has(symbol)
      ? series
          .filter((bar) => Date.parse(String(bar.t)) >= fromMs && Date.parse(String(bar.t)) <= toMs)
          .map((bar) => ({ symbol, bar }))
      : [],
  );
  if (query.get('sort') === 'desc') rows.reverse();
  const page = rows.slice(offset, offset + state.pageSize);
  const bars: Record<string, unknown[]> = {};
  for (const { symbol, bar } of page) (bars[symbol] ??= []).push(bar);
  const more = offset + state.pageSize < rows.length;
  const next = more ? btoa(`offset:${offset + state.pageSize}`) : null;
  return { body: { bars, next_page_token: next } };
}

// A date bound is read as a UTC day: enough for fixtures that sit well inside the day.
function startOf(text: string): number {
  return Date.parse(text.length === 10 ? `${text}T00:00:00Z` : text);
}

function endOf(text: string): number {
  return Date.parse(text.length === 10 ? `${text}T23:59:59.999Z` : text);
}

function header(request: FakeRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function fail(status: number, message: string): FakeReply {
  return { status, body: { message } };
}
