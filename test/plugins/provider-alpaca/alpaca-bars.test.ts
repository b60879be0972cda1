import { expect } from 'chai';
import { failureOf } from '../../helpers/provider-harness.js';
import { startAlpacaFake, type AlpacaFake } from './fake-api.js';
import { dailyBars, dailyDates } from './fixtures.js';
import { closeProvidersUnderTest, createAlpacaUnderTest } from './provider-under-test.js';

const daily = { symbol: 'AAPL', interval: '1d', from: '2025-03-05', to: '2025-03-11' };
const fiveMinutes = {
  symbol: 'AAPL',
  interval: '5m',
  from: '2025-03-11T09:30:00-04:00',
  to: '2025-03-11T14:25:00Z',
};

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

  describe('fetchBars()', () => {
    it('asks the whole New York days as instants and sends next_page_token back as page_token', async () => {
      const { provider } = createAlpacaUnderTest(fake, { adjustment: 'split', feed: 'sip' });
      const before = fake.requests.length;
      const bars = await provider.fetchBars(daily);
      const requests = fake.requests.slice(before);

      const expected = {
        symbols: 'AAPL',
        timeframe: '1Day',
        start: '2025-03-05T05:00:00.000Z',
        end: '2025-03-12T03:59:59.999Z',
        limit: '10000',
        adjustment: 'split',
        feed: 'sip',
        sort: 'asc',
      };
      expect(requests.map((r) => r.path)).to.deep.equal(Array(3).fill('/v2/stocks/bars'));
      expect(Object.fromEntries(requests[0]?.query ?? [])).to.deep.equal(expected);
      const { page_token: token, ...rest } = Object.fromEntries(requests[1]?.query ?? []);
      expect(rest).to.deep.equal(expected);
      expect(token).to.be.a('string');
      expect(bars.map((b) => [b.date, b.timestamp])).to.deep.equal([
        ['2025-03-05', '2025-03-05T05:00:00.000Z'],
        ['2025-03-06', '2025-03-06T05:00:00.000Z'],
        ['2025-03-07', '2025-03-07T05:00:00.000Z'],
        ['2025-03-10', '2025-03-10T04:00:00.000Z'],
        ['2025-03-11', '2025-03-11T04:00:00.000Z'],
      ]);
      expect(bars[0]).to.include({ open: 234.24, close: 235.74, volume: 1_330_000, vwap: 235.34 });
    });

    it('asks intraday bars by instant and stamps them at their start, without a date', async () => {
      const { provider } = createAlpacaUnderTest(fake);
      const before = fake.requests.length;
      const bars = await provider.fetchBars(fiveMinutes);

      expect(fake.requests[before]?.query.get('timeframe')).to.equal('5Min');
      expect(fake.requests[before]?.query.get('start')).to.equal('2025-03-11T13:30:00.000Z');
      expect(bars).to.have.length(12);
      expect(bars[0]).to.include({ date: null, timestamp: '2025-03-11T13:30:00.000Z' });
      expect(bars.at(-1)).to.include({ interval: '5m', timestamp: '2025-03-11T14:25:00.000Z' });
    });

    it('sorts bars that arrive newest first', async () => {
      const newestFirst = dailyBars.slice(1).reverse();
      fake.intercept = () => ({ body: { bars: { AAPL: newestFirst }, next_page_token: null } });
      const { provider } = createAlpacaUnderTest(fake);
      const bars = await provider.fetchBars(daily);

      expect(bars.map((b) => b.date)).to.deep.equal(dailyDates.slice(1));
    });

    it('reads a daily bar stamped at midnight UTC as that UTC date', async () => {
      const bar = { t: '2025-03-06T00:00:00Z', o: 1, h: 2, l: 0.5, c: 1.5 };
      fake.intercept = () => ({ body: { bars: { AAPL: [bar] }, next_page_token: null } });
      const { provider } = createAlpacaUnderTest(fake);
      const [first] = await provider.fetchBars(daily);

      expect(first).to.include({ date: '2025-03-06', timestamp: '2025-03-06T05:00:00.000Z' });
      expect(first).to.include({ volume: null, vwap: null });
    });

    const empty: [string, unknown][] = [
      ['an unknown symbol (absent from bars)', { bars: {}, next_page_token: null }],
      ['bars: null', { bars: null, next_page_token: null }],
    ];
    for (const [name, body] of empty) {
      it(`fails ${name} as no_data`, async () => {
        fake.intercept = () => ({ body });
        const { provider } = createAlpacaUnderTest(fake);
        const error = await failureOf(provider.fetchBars(daily));

        expect(error.failure).to.include({ kind: 'no_data', retryable: false });
      });
    }

    it('fails a page token that never changes as malformed', async () => {
      fake.intercept = () => ({
        body: { bars: { AAPL: dailyBars.slice(1, 2) }, next_page_token: 'same' },
      });
      const { provider } = createAlpacaUnderTest(fake);
      const error = await failureOf(provider.fetchBars(daily));

      expect(error.failure?.kind).to.equal('malformed');
      expect(error.message).to.contain('pagination');
    });

    it('throws the classified error of a later page', async () => {
      fake.intercept = (request) =>
        request.query.has('page_token')
          ? { status: 429, body: { message: 'too many requests.' } }
          : undefined;
      const { provider } = createAlpacaUnderTest(fake);
      const error = await failureOf(provider.fetchBars(daily));

      expect(error.failure).to.include({ kind: 'rate_limited', retryAfterMs: 60_000 });
    });

    it('fails a bar with a price of zero as malformed', async () => {
      const bar = { t: '2025-03-06T05:00:00Z', o: 1, h: 2, l: 0, c: 1.5 };
      fake.intercept = () => ({ body: { bars: { AAPL: [bar] }, next_page_token: null } });
      const { provider } = createAlpacaUnderTest(fake);
      const error = await failureOf(provider.fetchBars(daily));

      expect(error.failure?.kind).to.equal('malformed');
    });

    const badRequests: [string, Partial<typeof daily>][] = [
      ['an interval it does not serve', { interval: '1w' }],
      ['from after to', { from: '2025-03-12', to: '2025-03-11' }],
      ['a bound that is not a time', { to: 'yesterday' }],
      ['a date that does not exist', { to: '2025-02-29' }],
    ];
    for (const [name, change] of badRequests) {
      it(`rejects ${name} as bad_request without a call`, async () => {
        const { provider } = createAlpacaUnderTest(fake);
        const before = fake.requests.length;
        const error = await failureOf(provider.fetchBars({ ...daily, ...change }));

        expect(error.failure).to.include({ kind: 'bad_request', retryable: false });
        expect(fake.requests.length).to.equal(before);
      });
    }
  });
});
