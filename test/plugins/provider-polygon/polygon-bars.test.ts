import { expect } from 'chai';
import { failureOf } from '../../helpers/provider-harness.js';
import { cursorUrl } from '../../../plugins/provider-polygon/bars.js';
import { startPolygonFake, type PolygonFake } from './fake-api.js';
import { dailyAggregates, dailyDates, requestId } from './fixtures.js';
import { closeProvidersUnderTest, createPolygonUnderTest, testKey } from './provider-under-test.js';

const daily = { symbol: 'AAPL', interval: '1d', from: '2025-03-05', to: '2025-03-11' };
const fiveMinutes = {
  symbol: 'AAPL',
  interval: '5m',
  from: '2025-03-11T09:30:00-04:00',
  to: '2025-03-11T14:25:00Z',
};

describe('polygon provider', () => {
  let fake: PolygonFake;

  before(async () => {
    fake = await startPolygonFake();
  });

  afterEach(async () => {
    fake.intercept = undefined;
    fake.nextUrlOrigin = undefined;
    fake.pageSize = 2;
    await closeProvidersUnderTest();
  });

  after(async () => {
    await fake.close();
  });

  describe('fetchBars()', () => {
    it('asks daily bars by New York date and follows next_url, which carries only the cursor', async () => {
      const { provider } = createPolygonUnderTest(fake);
      const before = fake.requests.length;
      const bars = await provider.fetchBars(daily);
      const [first, ...pages] = fake.requests.slice(before);

      expect(first?.path).to.equal('/v2/aggs/ticker/AAPL/range/1/day/2025-03-05/2025-03-11');
      expect(Object.fromEntries(first?.query ?? [])).to.deep.equal({
        adjusted: 'true',
        sort: 'asc',
        limit: '50000',
      });
      expect(pages).to.have.length(2);
      for (const page of pages) {
        expect([...page.query.keys()]).to.deep.equal(['cursor']);
        expect(page.headers.authorization).to.equal(`Bearer ${testKey}`);
      }
      expect(bars.map((b) => [b.date, b.timestamp])).to.deep.equal([
        ['2025-03-05', '2025-03-05T05:00:00.000Z'],
        ['2025-03-06', '2025-03-06T05:00:00.000Z'],
        ['2025-03-07', '2025-03-07T05:00:00.000Z'],
        ['2025-03-10', '2025-03-10T04:00:00.000Z'],
        ['2025-03-11', '2025-03-11T04:00:00.000Z'],
      ]);
      expect(bars[0]).to.include({ open: 235.42, close: 235.74, volume: 53_220_000, vwap: 233.9 });
    });

    it('adds the apiKey again to every next_url page when auth is query', async () => {
      const { provider, recording } = createPolygonUnderTest(fake, { auth: 'query' });
      const before = fake.requests.length;
      const bars = await provider.fetchBars(daily);
      const requests = fake.requests.slice(before);

      expect(bars).to.have.length(5);
      expect(requests).to.have.length(3);
      expect(requests.map((r) => r.query.get('apiKey'))).to.deep.equal([testKey, testKey, testKey]);
      expect(recording.logLines.join('')).to.not.contain(testKey);
    });

    it('asks intraday bars by Unix ms and stamps them at their start, without a date', async () => {
      const { provider } = createPolygonUnderTest(fake);
      const before = fake.requests.length;
      const bars = await provider.fetchBars(fiveMinutes);

      expect(fake.requests[before]?.path).to.equal(
        '/v2/aggs/ticker/AAPL/range/5/minute/1741699800000/1741703100000',
      );
      expect(bars).to.have.length(12);
      expect(bars[0]).to.include({ date: null, timestamp: '2025-03-11T13:30:00.000Z' });
      expect(bars.at(-1)).to.include({ interval: '5m', timestamp: '2025-03-11T14:25:00.000Z' });
    });

    it('asks a cursor on another host of the configured base URL instead', async () => {
      fake.nextUrlOrigin = 'https://api.polygon.io';
      const { provider } = createPolygonUnderTest(fake);
      const before = fake.requests.length;
      const bars = await provider.fetchBars(daily);

      expect(bars).to.have.length(5);
      expect(fake.requests.length - before).to.equal(3);
    });

    it('sorts bars that arrive newest first', async () => {
      const newestFirst = dailyAggregates.slice(1).reverse();
      fake.intercept = () => ({ body: { status: 'OK', resultsCount: 5, results: newestFirst } });
      const { provider } = createPolygonUnderTest(fake);
      const bars = await provider.fetchBars(daily);

      expect(bars.map((b) => b.date)).to.deep.equal(dailyDates.slice(1));
    });

    it('takes a DELAYED status (the free plan) as a success', async () => {
      const bar = { o: 1, h: 2, l: 0.5, c: 1.5, v: 10, vw: 1.2, t: 1741150800000 };
      fake.intercept = () => ({ body: { status: 'DELAYED', resultsCount: 1, results: [bar] } });
      const { provider } = createPolygonUnderTest(fake, { plan: 'basic' });
      const bars = await provider.fetchBars(daily);

      expect(bars.map((b) => b.date)).to.deep.equal(['2025-03-05']);
    });

    it('reads a daily bar stamped at midnight UTC as that UTC date', async () => {
      const bar = { o: 1, h: 2, l: 0.5, c: 1.5, v: 10, t: Date.parse('2025-03-06T00:00:00Z') };
      fake.intercept = () => ({ body: { status: 'OK', resultsCount: 1, results: [bar] } });
      const { provider } = createPolygonUnderTest(fake);
      const [first] = await provider.fetchBars(daily);

      expect(first).to.include({ date: '2025-03-06', timestamp: '2025-03-06T05:00:00.000Z' });
      expect(first?.vwap).to.equal(null);
    });

    it('fails an unknown ticker (a 200 without results) as no_data', async () => {
      const { provider } = createPolygonUnderTest(fake);
      const error = await failureOf(provider.fetchBars({ ...daily, symbol: 'ZZZZQ' }));

      expect(error.failure).to.include({ kind: 'no_data', retryable: false });
    });

    it('fails a cursor that never ends as malformed', async () => {
      fake.intercept = (request) => ({
        body: {
          status: 'OK',
          results: [{ o: 1, h: 2, l: 0.5, c: 1.5, v: 10, t: 1741150800000 }],
          next_url: `${fake.url}${request.path}?cursor=c2FtZQ`,
        },
      });
      const { provider } = createPolygonUnderTest(fake);
      const error = await failureOf(provider.fetchBars(daily));

      expect(error.failure?.kind).to.equal('malformed');
      expect(error.message).to.contain('pagination');
    });

    it('throws the classified error of a later page', async () => {
      fake.intercept = (request) =>
        request.query.has('cursor')
          ? {
              status: 401,
              body: { status: 'ERROR', request_id: requestId, error: 'Unknown API Key' },
            }
          : undefined;
      const { provider } = createPolygonUnderTest(fake);
      const error = await failureOf(provider.fetchBars(daily));

      expect(error.failure).to.include({ kind: 'auth', status: 401 });
    });

    it('fails a bar with a zero price as malformed', async () => {
      const bar = { o: 0, h: 2, l: 0.5, c: 1.5, t: 1741150800000 };
      fake.intercept = () => ({ body: { status: 'OK', results: [bar] } });
      const { provider } = createPolygonUnderTest(fake);
      const error = await failureOf(provider.fetchBars(daily));

      expect(error.failure?.kind).to.equal('malformed');
    });

    const badRequests: [string, Partial<typeof daily>][] = [
      ['an interval it does not serve', { interval: '2h' }],
      ['from after to', { from: '2025-03-12', to: '2025-03-11' }],
      ['a date that does not exist', { from: '2025-02-30' }],
      ['an instant without a zone', { from: '2025-03-05T10:00:00' }],
    ];
    for (const [name, change] of badRequests) {
      it(`rejects ${name} as bad_request without a call`, async () => {
        const { provider } = createPolygonUnderTest(fake);
        const before = fake.requests.length;
        const error = await failureOf(provider.fetchBars({ ...daily, ...change }));

        expect(error.failure).to.include({ kind: 'bad_request', retryable: false });
        expect(fake.requests.length).to.equal(before);
      });
    }
  });

  describe('cursorUrl()', () => {
    it('keeps a cursor on the base origin as it is', () => {
      const next = 'http://127.0.0.1:9/v2/aggs/ticker/A/range/1/day/x/y?cursor=abc';

      expect(cursorUrl(next, 'http://127.0.0.1:9')).to.equal(next);
    });

    it('moves a cursor on another host under the base URL and its path prefix', () => {
      const next = 'https://api.polygon.io/v2/aggs/ticker/A/range/1/day/x/y?cursor=abc';

      expect(cursorUrl(next, 'https://proxy.internal/polygon/')).to.equal(
        'https://proxy.internal/polygon/v2/aggs/ticker/A/range/1/day/x/y?cursor=abc',
      );
    });
  });
});
