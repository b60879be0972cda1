import { scenarioOf } from '../../contracts/provider-contract.js';
import {
  startFakeServer,
  type FakeReply,
  type FakeRequest,
  type FakeServer,
} from '../../helpers/fake-server.js';
import {
  dailyAggregates,
  defaultPreviousSessions,
  defaultSnapshots,
  fiveMinuteAggregates,
  requestId,
} from './fixtures.js';

/** What the fake Polygon API serves; tests change it between calls. */
export interface PolygonFake extends FakeServer {
  /** Snapshot tickers by symbol. */
  readonly snapshots: Map<string, object>;
  /** `/prev` bars by symbol. */
  readonly previous: Map<string, Record<string, unknown>>;
  /** Aggregates by `<multiplier>/<timespan>`, for every known symbol. */
  readonly aggregates: Map<string, readonly Record<string, unknown>[]>;
  /** Aggregates per page before a `next_url` is handed out. */
  pageSize: number;
  /** Origin put in `next_url` (the fake's own by default). */
  nextUrlOrigin: string | undefined;
  /** Answers a request before the API does, when it returns a reply (or a promise of one). */
  intercept: ((request: FakeRequest) => FakeReply | Promise<FakeReply> | undefined) | undefined;
}

const knownTickers = new Set(['AAPL', 'MSFT', 'GOOG']);
const timespans = new Set(['second', 'minute', 'hour', 'day', 'week', 'month', 'quarter', 'year']);
const bound = /^(\d{4}-\d{2}-\d{2}|\d+)$/;

/** Starts a fake of the Polygon REST API on 127.0.0.1. */
export async function startPolygonFake(): Promise<PolygonFake> {
  const fake = {
    snapshots: defaultSnapshots(),
    previous: defaultPreviousSessions(),
    aggregates: new Map<string, readonly Record<string, unknown>[]>([
      ['1/day', dailyAggregates],
      ['5/minute', fiveMinuteAggregates()],
    ]),
    pageSize: 2,
    nextUrlOrigin: undefined as string | undefined,
    intercept: undefined as PolygonFake['intercept'],
  };
  let origin = '';
  const server = await startFakeServer((request) => {
    const intercepted = fake.intercept?.(request);
    if (intercepted !== undefined) return intercepted;
    return answer(request, fake, fake.nextUrlOrigin ?? origin);
  });
  origin = server.url;
  return Object.assign(fake, server);
}

type FakeState = Pick<PolygonFake, 'snapshots' | 'previous' | 'aggregates' | 'pageSize'>;

function answer(request: FakeRequest, state: FakeState, origin: string): FakeReply {
  const bearer = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
  const scenario = scenarioOf(bearer ?? request.query.get('apiKey'));
  if (scenario === 'missing') return fail(401, 'ERROR', 'API Key was not provided');
  const early = earlyReply(scenario);
  if (early !== undefined) return early;

  const reply = route(request, state, origin);
  if (scenario === 'truncated') return { ...reply, truncate: true };
  if (scenario === 'slow') return { ...reply, delayMs: 2000 };
  return reply;
}

/** The answers that do not depend on the request: Polygon's error shapes and broken replies. */
function earlyReply(scenario: string): FakeReply | undefined {
  switch (scenario) {
    case 'bad-key':
      return fail(401, 'ERROR', 'Unknown API Key');
    case 'rate-limited':
      return fail(
        429,
        'ERROR',
        "You've exceeded the maximum requests per minute, please wait or upgrade your subscription to continue. https://polygon.io/pricing",
      );
    case 'plan-required':
      return fail(
        403,
        'NOT_AUTHORIZED',
        'You are not entitled to this data. Please upgrade your plan at https://massive.com/pricing',
      );
    case 'server-error':
      return fail(500, 'ERROR', 'Internal Server Error');
    case 'html':
      return {
        headers: { 'content-type': 'text/html; charset=utf-8' },
        body: '<!DOCTYPE html><html><head><title>Maintenance</title></head><body>Back soon</body></html>',
      };
    case 'empty':
      return { body: '' };
    case 'reset':
      return { destroy: true };
    case 'wrong-shape':
      return { body: { status: 'OK', request_id: requestId, results: { AAPL: 1 }, tickers: {} } };
    default:
      return undefined;
  }
}

function route(request: FakeRequest, state: FakeState, origin: string): FakeReply {
  if (request.path === '/v2/snapshot/locale/us/markets/stocks/tickers') {
    // An absent or empty list means the whole market, as the real endpoint does.
    const asked = (request.query.get('tickers') ?? '').split(',').filter((t) => t !== '');
    const names = asked.length === 0 ? [...state.snapshots.keys()] : asked;
    const tickers = names.flatMap((name) => state.snapshots.get(name) ?? []);
    return { body: { status: 'OK', request_id: requestId, count: tickers.length, tickers } };
  }
  const previous = /^\/v2\/aggs\/ticker\/([^/]+)\/prev$/.exec(request.path);
  if (previous !== null) {
    const ticker = decodeURIComponent(previous[1] ?? '');
    if (!['true', 'false', null].includes(request.query.get('adjusted')))
      return fail(400, 'ERROR', 'adjusted must be a boolean');
    const bar = state.previous.get(ticker);
    return { body: aggregatesBody(ticker, bar === undefined ? [] : [bar]) };
  }
  const range = /^\/v2\/aggs\/ticker\/([^/]+)\/range\/([^/]+)\/([^/]+)\/([^/]+)\/([^/]+)$/.exec(
    request.path,
  );
  if (range !== null) return rangeReply(request, state, origin, range.slice(1));
  return {
    status: 404,
    body: { status: 'NOT_FOUND', request_id: requestId, message: 'Not Found' },
  };
}

function rangeReply(
  request: FakeRequest,
  state: FakeState,
  origin: string,
  [ticker = '', multiplier = '', timespan = '', from = '', to = '']: string[],
): FakeReply {
  const cursor = request.query.get('cursor');
  // A cursor carries the first query's options; the real next_url holds nothing else.
  const options = cursor === null ? request.query : new URLSearchParams(atob(cursor));
  const limit = Number(options.get('limit') ?? '5000');
  if (!/^[1-9]\d*$/.test(multiplier) || !timespans.has(timespan))
    return fail(400, 'ERROR', 'Could not parse the multiplier or timespan');
  if (!bound.test(from) || !bound.test(to))
    return fail(400, 'ERROR', 'Could not parse the from/to dates');
  if (!Number.isInteger(limit) || limit < 1 || limit > 50_000)
    return fail(400, 'ERROR', 'limit must be between 1 and 50000');
  if (!['asc', 'desc'].includes(options.get('sort') ?? 'asc'))
    return fail(400, 'ERROR', 'sort must be asc or desc');

  const series = knownTickers.has(decodeURIComponent(ticker))
    ? (state.aggregates.get(`${multiplier}/${timespan}`) ?? [])
    : [];
  const [fromMs, toMs] = [startOf(from), endOf(to)];
  const inRange = series.filter((bar) => Number(bar.t) >= fromMs && Number(bar.t) <= toMs);
  if (options.get('sort') === 'desc') inRange.reverse();

  const offset = cursor === null ? 0 : Number(options.get('offset'));
  const page = inRange.slice(offset, offset + state.pageSize);
  const body: Record<string, unknown> = aggregatesBody(decodeURIComponent(ticker), page);
  if (offset + state.pageSize < inRange.length) {
    const next = new URLSearchParams(options);
    next.set('offset', String(offset + state.pageSize));
    next.delete('apiKey');
    body.next_url = `${origin}${request.path}?cursor=${btoa(next.toString())}`;
  }
  return { body };
}

function aggregatesBody(
  ticker: string,
  results: readonly Record<string, unknown>[],
): Record<string, unknown> {
  const base = { ticker, queryCount: results.length, resultsCount: results.length, adjusted: true };
  // Polygon leaves `results` out when nothing matched.
  const found = results.length === 0 ? {} : { results };
  return { ...base, ...found, status: 'OK', request_id: requestId };
}

// The fake reads a date bound as a UTC day: enough for fixtures that sit well inside the day.
function startOf(text: string): number {
  return /^\d+$/.test(text) ? Number(text) : Date.parse(`${text}T00:00:00Z`);
}

function endOf(text: string): number {
  return /^\d+$/.test(text) ? Number(text) : Date.parse(`${text}T23:59:59.999Z`);
}

function fail(status: number, apiStatus: string, text: string): FakeReply {
  const field = apiStatus === 'ERROR' ? 'error' : 'message';
  return { status, body: { status: apiStatus, request_id: requestId, [field]: text } };
}
