import { expect } from 'chai';
import { mapQuote } from '../../../plugins/provider-twelvedata/quotes.js';
import type { QuoteBody } from '../../../plugins/provider-twelvedata/response-schemas.js';
import { startFakeServer, type FakeServer } from '../../helpers/fake-server.js';
import { startTwelveDataFake } from './fake-api.js';
import { nowMs, quoteBody } from './fixtures.js';
import { closeProviders, openProvider, openProviderGated } from './harness.js';

const secretKey = 'td-secret-key-0123456789';

function symbolsOf(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `S${String(i).padStart(2, '0')}`);
}

describe('twelvedata provider', () => {
  let server: FakeServer;

  before(async () => {
    server = await startTwelveDataFake();
  });

  afterEach(closeProviders);

  after(async () => {
    await server.close();
  });

  describe('fetchQuotes()', () => {
    it('sends the key in the Authorization header, never in the URL or the logs', async () => {
      const { provider, recording } = await openProvider(server, secretKey);
      const before = server.requests.length;

      const [outcome] = await provider.fetchQuotes(['AAPL']);

      expect(outcome?.quote?.symbol).to.equal('AAPL');
      const request = server.requests[before];
      expect(request?.path).to.equal('/quote');
      expect(request?.headers.authorization).to.equal(`apikey ${secretKey}`);
      expect(request?.query.has('apikey')).to.equal(false);
      expect(recording.logLines.length).to.be.greaterThan(0);
      for (const line of recording.logLines) expect(line).to.not.contain(secretKey);
    });

    it('parses the string numbers and takes the time from last_quote_at', async () => {
      const { provider } = await openProvider(server, secretKey);

      const [outcome] = await provider.fetchQuotes(['AAPL']);
      const body = quoteBody('AAPL');

      expect(outcome?.quote).to.deep.include({
        price: Number(body.close),
        open: Number(body.open),
        high: Number(body.high),
        low: Number(body.low),
        previousClose: Number(body.previous_close),
        change: Number(body.change),
        changePercent: Number(body.percent_change),
        volume: 1234567,
        currency: 'USD',
        // is_market_open is true: the day's close is not known yet.
        close: null,
        // last_quote_at is a minute before the clock; `timestamp` (the 09:30 open) is ignored.
        timestamp: new Date(nowMs - 60_000).toISOString(),
      });
    });

    it('asks for a batch in one call and fails only the unknown symbol', async () => {
      const { provider } = await openProvider(server, secretKey);
      const before = server.requests.length;

      const outcomes = await provider.fetchQuotes(['AAPL', 'NOPE', 'MSFT']);

      expect(server.requests.length - before).to.equal(1);
      expect(server.requests[before]?.query.get('symbol')).to.equal('AAPL,NOPE,MSFT');
      expect(outcomes.map((o) => o.quote?.symbol ?? o.error?.failure?.kind)).to.deep.equal([
        'AAPL',
        'not_found',
        'MSFT',
      ]);
    });

    it('splits 20 symbols into calls of at most 8 on the Basic plan (8 credits a minute)', async () => {
      const { provider } = await openProvider(server, secretKey);
      const before = server.requests.length;

      const outcomes = await provider.fetchQuotes(symbolsOf(20));

      const sizes = server.requests
        .slice(before)
        .map((r) => r.query.get('symbol')?.split(',').length);
      expect(sizes).to.deep.equal([8, 8, 4]);
      expect(outcomes.map((o) => o.quote?.symbol)).to.deep.equal(symbolsOf(20));
    });

    it('takes a credit of the rate limit per symbol of a batch', async () => {
      const costs: number[] = [];
      const provider = await openProviderGated(server, secretKey, {
        acquire: (cost = 1) => {
          costs.push(cost);
          return Promise.resolve();
        },
        penalize: () => Promise.resolve(false),
      });

      await provider.fetchQuotes(symbolsOf(20));
      await provider.fetchQuotes(['AAPL']);

      expect(costs).to.deep.equal([8, 8, 4, 1]);
    });

    it('puts 120 symbols at most in one call whatever the credits', async () => {
      const { provider } = await openProvider(server, secretKey, {
        plan: 'pro',
        creditsPerMinute: 1597,
      });
      const before = server.requests.length;

      await provider.fetchQuotes(symbolsOf(130));

      const sizes = server.requests
        .slice(before)
        .map((r) => r.query.get('symbol')?.split(',').length);
      expect(sizes).to.deep.equal([120, 10]);
    });

    it('stops calling after a rate limit and fails the remaining symbols with it', async () => {
      const { provider } = await openProvider(server, 'key-rate-limited');
      const before = server.requests.length;

      const outcomes = await provider.fetchQuotes(symbolsOf(20));

      expect(server.requests.length - before).to.equal(1);
      expect(outcomes).to.have.length(20);
      for (const outcome of outcomes) {
        expect(outcome.error?.failure).to.include({ kind: 'rate_limited', quota: 'minute' });
      }
    });

    it('reports an unknown single symbol (HTTP 404 body) as not found', async () => {
      const { provider } = await openProvider(server, secretKey);

      const [outcome] = await provider.fetchQuotes(['NOPE']);

      expect(outcome?.error?.failure).to.deep.include({ kind: 'not_found', status: 404 });
      expect(outcome?.error?.message).to.contain('symbol** not found: NOPE');
    });

    it('returns no outcome and makes no call for no symbols', async () => {
      const { provider } = await openProvider(server, secretKey);
      const before = server.requests.length;

      expect(await provider.fetchQuotes([])).to.deep.equal([]);
      expect(server.requests.length).to.equal(before);
    });

    it('fails every symbol as unavailable when the signal is already aborted', async () => {
      const { provider } = await openProvider(server, secretKey);
      const controller = new AbortController();
      controller.abort();

      const outcomes = await provider.fetchQuotes(['AAPL', 'MSFT'], controller.signal);

      expect(outcomes.map((o) => o.error?.failure?.kind)).to.deep.equal([
        'unavailable',
        'unavailable',
      ]);
    });
  });

  describe('fetchQuotes() against odd batch answers', () => {
    let odd: FakeServer;

    before(async () => {
      odd = await startFakeServer((request) => {
        const [first = '', second = ''] = (request.query.get('symbol') ?? '').split(',');
        if (first === 'AUTH') {
          // An error with HTTP 200: the body decides, not the status.
          return {
            body: { code: 401, message: '**apikey** parameter is incorrect', status: 'error' },
          };
        }
        // A wrong-shaped entry, and a lowercase key for the second symbol.
        return {
          body: {
            [first]: { symbol: first, close: { nested: true } },
            [second.toLowerCase()]: quoteBody(second),
          },
        };
      });
    });

    after(async () => {
      await odd.close();
    });

    it('treats an error body under HTTP 200 as that error', async () => {
      const { provider } = await openProvider(odd, secretKey);

      const outcomes = await provider.fetchQuotes(['AUTH', 'MSFT']);

      expect(outcomes.map((o) => o.error?.failure?.kind)).to.deep.equal(['auth', 'auth']);
      expect(outcomes[0]?.error?.failure?.status).to.equal(200);
    });

    it('fails only the malformed entry and matches symbol keys whatever their case', async () => {
      const { provider } = await openProvider(odd, secretKey);

      const outcomes = await provider.fetchQuotes(['BAD', 'MSFT', 'GONE']);

      expect(outcomes[0]?.error?.failure?.kind).to.equal('malformed');
      expect(outcomes[1]?.quote?.symbol).to.equal('MSFT');
      expect(outcomes[2]?.error?.failure?.kind).to.equal('not_found');
      expect(outcomes[2]?.error?.message).to.contain('no entry for it');
    });
  });

  describe('mapQuote()', () => {
    const body = quoteBody('AAPL') as unknown as QuoteBody;

    it('sets close to the price once the market has closed', () => {
      const quote = mapQuote({ ...body, is_market_open: false }, 'AAPL');

      expect(quote.close).to.equal(quote.price);
    });

    it('falls back to the candle timestamp when last_quote_at is missing', () => {
      const withoutLastQuote = { ...body, last_quote_at: undefined };

      expect(mapQuote(withoutLastQuote, 'AAPL').timestamp).to.equal('2026-03-10T13:30:00.000Z');
    });

    it('rejects a price that is not a number', () => {
      expect(() => mapQuote({ ...body, close: 'NaN' }, 'AAPL'))
        .to.throw()
        .with.property('code', 'SP_ERR_PROVIDER_MALFORMED');
    });

    it('gives null, not 0, for a missing volume and derives nothing it lacks', () => {
      const quote = mapQuote({ ...body, volume: undefined, currency: undefined }, 'AAPL');

      expect(quote.volume).to.equal(null);
      expect(quote.currency).to.equal(null);
    });
  });
});
