import { expect } from 'chai';
import type { FakeReply } from '../../helpers/fake-server.js';
import { startAlpacaFake, type AlpacaFake } from './fake-api.js';
import { snapshotOf } from './fixtures.js';
import {
  closeProvidersUnderTest,
  createAlpacaUnderTest,
  testKeyId,
  testSecret,
} from './provider-under-test.js';

describe('alpaca provider', () => {
  let fake: AlpacaFake;

  before(async () => {
    fake = await startAlpacaFake();
  });

  afterEach(async () => {
    fake.intercept = undefined;
    await closeProvidersUnderTest();
  });

  after(async () => {
    await fake.close();
  });

  describe('fetchQuotes()', () => {
    it('maps a snapshot: trade price and time (ns cut to ms), the day, bid and ask', async () => {
      const { provider } = createAlpacaUnderTest(fake);
      const [outcome] = await provider.fetchQuotes(['AAPL']);

      expect(outcome?.quote).to.deep.equal({
        symbol: 'AAPL',
        provider: 'alpaca',
        price: 221.34,
        open: 219.84,
        high: 222.09,
        low: 219.09,
        close: null,
        previousClose: 222.5,
        change: -1.16,
        changePercent: -0.5213,
        volume: 412_345,
        currency: 'USD',
        timestamp: '2025-03-12T14:59:59.123Z',
        bid: 221.33,
        ask: 221.36,
        vwap: 220.94,
      });
    });

    it('sets close once the session has ended in New York', async () => {
      const { provider } = createAlpacaUnderTest(fake, {}, Date.parse('2025-03-12T20:00:00Z'));
      const [outcome] = await provider.fetchQuotes(['AAPL']);

      expect(outcome?.quote?.close).to.equal(221.34);
    });

    it('sends both credentials as headers only, asks the feed, and logs neither', async () => {
      const { provider, recording } = createAlpacaUnderTest(fake, { feed: 'delayed_sip' });
      const before = fake.requests.length;
      await provider.fetchQuotes(['AAPL', 'MSFT']);
      const [request] = fake.requests.slice(before);

      expect(request?.path).to.equal('/v2/stocks/snapshots');
      expect(Object.fromEntries(request?.query ?? [])).to.deep.equal({
        symbols: 'AAPL,MSFT',
        feed: 'delayed_sip',
      });
      expect(request?.headers['apca-api-key-id']).to.equal(testKeyId);
      expect(request?.headers['apca-api-secret-key']).to.equal(testSecret);
      const logs = recording.logLines.join('\n');
      expect(logs).to.contain('snapshots fetched');
      expect(logs).to.not.contain(testKeyId);
      expect(logs).to.not.contain(testSecret);
    });

    it('splits a batch into calls of 100 symbols, in request order', async () => {
      const { provider } = createAlpacaUnderTest(fake);
      const symbols = Array.from({ length: 149 }, (_, i) => `T${i}`).concat('MSFT');
      const before = fake.requests.length;
      const outcomes = await provider.fetchQuotes(symbols);
      const calls = fake.requests.slice(before);

      expect(calls.map((c) => c.query.get('symbols')?.split(',').length)).to.deep.equal([100, 50]);
      expect(outcomes.map((o) => o.symbol)).to.deep.equal(symbols);
      expect(outcomes.at(-1)?.quote?.price).to.equal(383.27);
      expect(outcomes[0]?.error?.failure?.kind).to.equal('not_found');
    });

    it('makes no call for no symbols', async () => {
      const { provider } = createAlpacaUnderTest(fake);
      const before = fake.requests.length;

      expect(await provider.fetchQuotes([])).to.deep.equal([]);
      expect(fake.requests.length).to.equal(before);
    });

    it("takes yesterday's bar as the previous close before today's first bar (pre-market)", async () => {
      const snapshot = {
        ...snapshotOf(221.34, 222.5),
        latestTrade: { t: '2025-03-12T12:01:02Z', p: 221.1 },
        dailyBar: { t: '2025-03-11T04:00:00Z', o: 223.81, h: 225.84, l: 217.45, c: 220.84, v: 1 },
        prevDailyBar: { t: '2025-03-10T04:00:00Z', o: 235.54, h: 236.16, l: 224.22, c: 227.48 },
      };
      fake.intercept = snapshotsReply({ AAPL: snapshot });
      const { provider } = createAlpacaUnderTest(fake);
      const [outcome] = await provider.fetchQuotes(['AAPL']);

      expect(outcome?.quote).to.include({ price: 221.1, previousClose: 220.84, change: 0.26 });
      expect(outcome?.quote).to.include({ open: null, high: null, low: null, volume: null });
      expect(outcome?.quote?.timestamp).to.equal('2025-03-12T12:01:02.000Z');
    });

    it('reads the snapshots wrapped in a snapshots key, and times with an offset', async () => {
      const snapshot = {
        ...snapshotOf(221.34, 222.5),
        latestTrade: { t: '2025-03-12T10:59:59.5-04:00', p: '221.34' },
      };
      fake.intercept = snapshotsReply({ snapshots: { AAPL: snapshot } });
      const { provider } = createAlpacaUnderTest(fake);
      const [outcome] = await provider.fetchQuotes(['AAPL']);

      expect(outcome?.quote).to.include({ price: 221.34, timestamp: '2025-03-12T14:59:59.500Z' });
    });

    it('fails a symbol without a trade on the feed as no_data, keeping the others', async () => {
      fake.intercept = snapshotsReply({
        AAPL: { latestTrade: null, latestQuote: null, dailyBar: null, prevDailyBar: null },
        MSFT: snapshotOf(383.27, 380.1),
      });
      const { provider } = createAlpacaUnderTest(fake);
      const [aapl, msft] = await provider.fetchQuotes(['AAPL', 'MSFT']);

      expect(aapl?.error?.failure).to.include({ kind: 'no_data', retryable: false });
      expect(msft?.quote?.price).to.equal(383.27);
    });

    it('fails a symbol whose trade time is not RFC 3339 as malformed', async () => {
      const snapshot = {
        ...snapshotOf(221.34, 222.5),
        latestTrade: { t: '12/03/2025 10:59', p: 221.34 },
      };
      fake.intercept = snapshotsReply({ AAPL: snapshot });
      const { provider } = createAlpacaUnderTest(fake);
      const [outcome] = await provider.fetchQuotes(['AAPL']);

      expect(outcome?.error?.failure?.kind).to.equal('malformed');
      expect(outcome?.error?.message).to.contain('RFC-3339');
    });
  });

  describe('error answers', () => {
    const nowS = Date.parse('2025-03-12T15:00:00Z') / 1000;
    const cases: [string, FakeReply, Record<string, unknown>][] = [
      ['a 403 forbidden', { status: 403, body: { message: 'forbidden' } }, { kind: 'auth' }],
      ['a 401', { status: 401, body: { message: 'unauthorized.' } }, { kind: 'auth' }],
      [
        'a 403 naming the subscription, as text',
        { status: 403, body: 'subscription does not permit querying recent SIP data' },
        { kind: 'plan_required' },
      ],
      [
        'a 422 invalid symbol',
        { status: 422, body: { message: 'invalid symbol: A^B' } },
        { kind: 'bad_request' },
      ],
      ['a 404', { status: 404, body: { message: 'Not Found' } }, { kind: 'not_found' }],
      [
        'a 429 with Retry-After',
        { status: 429, headers: { 'retry-after': '3' }, body: { message: 'too many requests.' } },
        { kind: 'rate_limited', retryAfterMs: 3000, quota: 'minute' },
      ],
      [
        'a 429 with X-RateLimit-Reset',
        {
          status: 429,
          headers: { 'x-ratelimit-reset': String(nowS + 42) },
          body: { message: 'too many requests.' },
        },
        { kind: 'rate_limited', retryAfterMs: 42_000 },
      ],
      [
        'a 429 whose reset has passed',
        { status: 429, headers: { 'x-ratelimit-reset': String(nowS - 5) }, body: '' },
        { kind: 'rate_limited', retryAfterMs: 60_000 },
      ],
    ];
    for (const [name, reply, failure] of cases) {
      it(`classifies ${name} as ${String(failure.kind)}`, async () => {
        fake.intercept = () => reply;
        const { provider } = createAlpacaUnderTest(fake);
        const [outcome] = await provider.fetchQuotes(['AAPL']);

        expect(outcome?.error?.failure, outcome?.error?.message).to.include(failure);
      });
    }

    it('scrubs both credentials from a body it quotes in the message', async () => {
      fake.intercept = () => ({ status: 500, body: `bad key ${testKeyId} / ${testSecret}` });
      const { provider } = createAlpacaUnderTest(fake);
      const [outcome] = await provider.fetchQuotes(['AAPL']);
      const message = outcome?.error?.message ?? '';

      expect(outcome?.error?.failure?.kind).to.equal('unavailable');
      expect(message).to.contain('bad key *** / ***');
      expect(message).to.not.contain(testSecret);
    });
  });
});

function snapshotsReply(body: object): () => FakeReply {
  return () => ({ body });
}
