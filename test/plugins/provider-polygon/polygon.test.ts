import { expect } from 'chai';
import type { FakeReply } from '../../helpers/fake-server.js';
import { startPolygonFake, type PolygonFake } from './fake-api.js';
import { previousSessionOf, requestId, snapshotOf } from './fixtures.js';
import { closeProvidersUnderTest, createPolygonUnderTest, testKey } from './provider-under-test.js';

describe('polygon provider', () => {
  let fake: PolygonFake;

  before(async () => {
    fake = await startPolygonFake();
  });

  afterEach(async () => {
    fake.intercept = undefined;
    await closeProvidersUnderTest();
  });

  after(async () => {
    await fake.close();
  });

  describe('fetchQuotes() on a paid plan', () => {
    it('maps a snapshot: ns trade time, day fields, bid and ask, no close before 16:00', async () => {
      const { provider } = createPolygonUnderTest(fake);
      const [outcome] = await provider.fetchQuotes(['AAPL']);

      expect(outcome?.quote).to.deep.equal({
        symbol: 'AAPL',
        provider: 'polygon',
        price: 221.34,
        open: 219.84,
        high: 222.09,
        low: 219.09,
        close: null,
        previousClose: 222.5,
        change: -1.16,
        changePercent: -0.5213,
        volume: 18_734_112,
        currency: 'USD',
        timestamp: '2025-03-12T14:59:59.123Z',
        bid: 221.33,
        ask: 221.36,
        vwap: 220.94,
      });
    });

    it('sets close once the session has ended in New York', async () => {
      const { provider } = createPolygonUnderTest(fake, {}, Date.parse('2025-03-12T20:30:00Z'));
      const [outcome] = await provider.fetchQuotes(['AAPL']);

      expect(outcome?.quote?.close).to.equal(221.34);
    });

    it('asks for the tickers with the key in the Authorization header only', async () => {
      const { provider, recording } = createPolygonUnderTest(fake);
      const before = fake.requests.length;
      await provider.fetchQuotes(['AAPL', 'MSFT']);
      const [request] = fake.requests.slice(before);

      expect(request?.path).to.equal('/v2/snapshot/locale/us/markets/stocks/tickers');
      expect(request?.query.get('tickers')).to.equal('AAPL,MSFT');
      expect(request?.query.has('apiKey')).to.equal(false);
      expect(request?.headers.authorization).to.equal(`Bearer ${testKey}`);
      expect(recording.logLines.length).to.be.greaterThan(0);
      expect(recording.logLines.join('\n')).to.not.contain(testKey);
    });

    it('splits a batch into calls of 250 tickers, in request order', async () => {
      const { provider } = createPolygonUnderTest(fake);
      const symbols = Array.from({ length: 259 }, (_, i) => `T${i}`).concat('MSFT');
      const before = fake.requests.length;
      const outcomes = await provider.fetchQuotes(symbols);
      const calls = fake.requests.slice(before);

      expect(calls.map((c) => c.query.get('tickers')?.split(',').length)).to.deep.equal([250, 10]);
      expect(outcomes.map((o) => o.symbol)).to.deep.equal(symbols);
      expect(outcomes.at(-1)?.quote?.price).to.equal(383.27);
      expect(outcomes[0]?.error?.failure?.kind).to.equal('not_found');
    });

    it('makes no call for no symbols (an empty list would fetch the whole market)', async () => {
      const { provider } = createPolygonUnderTest(fake);
      const before = fake.requests.length;

      expect(await provider.fetchQuotes([])).to.deep.equal([]);
      expect(fake.requests.length).to.equal(before);
    });

    it('leaves day fields null while the snapshot is reset to zeros before the first trade', async () => {
      const cleared = {
        ...snapshotOf('AAPL', 221.34, 222.5),
        day: { o: 0, h: 0, l: 0, c: 0, v: 0, vw: 0 },
      };
      fake.intercept = snapshotReply([cleared]);
      const { provider } = createPolygonUnderTest(fake);
      const [outcome] = await provider.fetchQuotes(['AAPL']);

      expect(outcome?.quote).to.include({ open: null, high: null, low: null, volume: null });
      expect(outcome?.quote).to.include({ vwap: null, previousClose: 222.5, price: 221.34 });
    });

    it('falls back to the minute bar (ms) when the plan has no trades', async () => {
      const noTrades: Record<string, unknown> = { ...snapshotOf('AAPL', 221.34, 222.5) };
      delete noTrades.lastTrade;
      delete noTrades.lastQuote;
      fake.intercept = snapshotReply([noTrades]);
      const { provider } = createPolygonUnderTest(fake);
      const [outcome] = await provider.fetchQuotes(['AAPL']);

      expect(outcome?.quote).to.include({ price: 221.34, timestamp: '2025-03-12T14:59:00.000Z' });
      expect(outcome?.quote).to.include({ bid: null, ask: null });
    });

    it('parses numeric strings and reads an updated time given in ms', async () => {
      const snapshot = {
        ticker: 'AAPL',
        updated: 1741791599123,
        day: { o: '219.84', h: '222.09', l: '219.09', c: '221.34', v: '18734112' },
        prevDay: { c: '222.50' },
        todaysChange: '-1.16',
        todaysChangePerc: '-0.5213',
      };
      fake.intercept = snapshotReply([snapshot]);
      const { provider } = createPolygonUnderTest(fake);
      const [outcome] = await provider.fetchQuotes(['AAPL']);

      expect(outcome?.quote).to.include({ price: 221.34, open: 219.84, volume: 18_734_112 });
      expect(outcome?.quote).to.include({ change: -1.16, timestamp: '2025-03-12T14:59:59.123Z' });
    });

    it('fails only the ticker whose numbers do not parse, as malformed', async () => {
      const broken = { ...snapshotOf('AAPL', 221.34, 222.5), todaysChange: 'NaN' };
      fake.intercept = snapshotReply([broken, snapshotOf('MSFT', 383.27, 380.1)]);
      const { provider } = createPolygonUnderTest(fake);
      const [aapl, msft] = await provider.fetchQuotes(['AAPL', 'MSFT']);

      expect(aapl?.error?.failure).to.include({ kind: 'malformed', retryable: false });
      expect(msft?.quote?.price).to.equal(383.27);
    });

    it('fails a ticker without any price yet as no_data', async () => {
      fake.intercept = snapshotReply([{ ticker: 'AAPL', updated: 0, day: { o: 0, c: 0 } }]);
      const { provider } = createPolygonUnderTest(fake);
      const [outcome] = await provider.fetchQuotes(['AAPL']);

      expect(outcome?.error?.failure).to.include({ kind: 'no_data', retryable: false });
    });
  });

  describe('fetchQuotes() on the free plan', () => {
    it('quotes the previous session from /prev, stamped at its 16:00 New York close', async () => {
      const { provider } = createPolygonUnderTest(fake, { plan: 'basic' });
      const before = fake.requests.length;
      const [outcome] = await provider.fetchQuotes(['AAPL']);
      const [request] = fake.requests.slice(before);

      expect(request?.path).to.equal('/v2/aggs/ticker/AAPL/prev');
      expect(request?.query.get('adjusted')).to.equal('true');
      expect(outcome?.quote).to.deep.equal({
        symbol: 'AAPL',
        provider: 'polygon',
        price: 220.84,
        open: 222.94,
        high: 224.24,
        low: 219.64,
        close: 220.84,
        previousClose: null,
        change: null,
        changePercent: null,
        volume: 76_137_410,
        currency: 'USD',
        timestamp: '2025-03-11T20:00:00.000Z',
        vwap: 220.34,
      });
    });

    it('reads the trading date of a /prev bar stamped at 00:00 New York', async () => {
      const atMidnight = { ...previousSessionOf('AAPL', 220.84), t: 1741665600000 };
      fake.intercept = (request) =>
        request.path.endsWith('/prev')
          ? { body: { ticker: 'AAPL', resultsCount: 1, results: [atMidnight], status: 'OK' } }
          : undefined;
      const { provider } = createPolygonUnderTest(fake, { plan: 'basic', adjusted: false });
      const [outcome] = await provider.fetchQuotes(['AAPL']);

      expect(outcome?.quote?.timestamp).to.equal('2025-03-11T20:00:00.000Z');
      expect(fake.requests.at(-1)?.query.get('adjusted')).to.equal('false');
    });

    it('stops calling once the rate limit is hit, failing the rest with it', async () => {
      fake.intercept = () => ({
        status: 429,
        headers: { 'retry-after': '7' },
        body: {
          status: 'ERROR',
          request_id: requestId,
          error: "You've exceeded the maximum requests per minute",
        },
      });
      const { provider } = createPolygonUnderTest(fake, { plan: 'basic' });
      const before = fake.requests.length;
      const outcomes = await provider.fetchQuotes(['AAPL', 'MSFT', 'GOOG']);

      expect(fake.requests.length - before).to.equal(1);
      for (const outcome of outcomes) {
        expect(outcome.error?.failure).to.include({ kind: 'rate_limited', retryAfterMs: 7000 });
        expect(outcome.error?.failure?.quota).to.equal('minute');
      }
    });

    it('sends the key as the apiKey query parameter when auth is query, scrubbed everywhere', async () => {
      fake.intercept = (request) =>
        request.path.endsWith('/prev') ? { status: 502, body: 'Bad Gateway' } : undefined;
      const { provider, recording } = createPolygonUnderTest(fake, {
        plan: 'basic',
        auth: 'query',
      });
      const [outcome] = await provider.fetchQuotes(['AAPL']);

      expect(fake.requests.at(-1)?.query.get('apiKey')).to.equal(testKey);
      expect(fake.requests.at(-1)?.headers.authorization).to.equal(undefined);
      expect(outcome?.error?.failure?.kind).to.equal('unavailable');
      expect(outcome?.error?.message).to.contain('apiKey=***');
      expect(`${outcome?.error?.message}${recording.logLines.join('')}`).to.not.contain(testKey);
    });
  });

  describe('error bodies', () => {
    const cases: [string, FakeReply, string][] = [
      [
        'a 200 whose body says ERROR about the key',
        { body: { status: 'ERROR', error: 'Unknown API Key' } },
        'auth',
      ],
      [
        'a 200 whose body says ERROR otherwise',
        { body: { status: 'ERROR', error: 'bad ticker list' } },
        'bad_request',
      ],
      ['a 429 with an empty body', { status: 429, body: '' }, 'rate_limited'],
      [
        'a 403 naming the plan without a status',
        { status: 403, body: { message: 'Please upgrade your plan' } },
        'plan_required',
      ],
      ['a 403 without a reason', { status: 403, body: { message: 'Forbidden' } }, 'auth'],
      [
        'a NOT_FOUND body',
        { status: 404, body: { status: 'NOT_FOUND', message: 'Ticker not found.' } },
        'not_found',
      ],
    ];
    for (const [name, reply, kind] of cases) {
      it(`classifies ${name} as ${kind}`, async () => {
        fake.intercept = () => reply;
        const { provider } = createPolygonUnderTest(fake);
        const [outcome] = await provider.fetchQuotes(['AAPL']);

        expect(outcome?.error?.failure?.kind, outcome?.error?.message).to.equal(kind);
      });
    }

    it('waits a minute on a 429 without Retry-After', async () => {
      fake.intercept = () => ({
        status: 429,
        body: { status: 'ERROR', error: 'too many requests' },
      });
      const { provider } = createPolygonUnderTest(fake);
      const [outcome] = await provider.fetchQuotes(['AAPL']);

      expect(outcome?.error?.failure).to.include({ retryAfterMs: 60_000, quota: 'minute' });
    });
  });
});

function snapshotReply(
  tickers: readonly object[],
): (request: { path: string }) => FakeReply | undefined {
  return (request) =>
    request.path.includes('/snapshot/')
      ? { body: { status: 'OK', request_id: requestId, count: tickers.length, tickers } }
      : undefined;
}
