import { expect } from 'chai';
import { createAjv } from '../../../core/schema/ajv.js';
import intrinio from '../../../plugins/provider-intrinio/index.js';
import { expectReadmeDocumentsOptions } from '../../helpers/provider-harness.js';
import { key, nowMs, useIntrinioHarness } from './harness.js';

describe('intrinio provider', () => {
  const harness = useIntrinioHarness();
  const { providerFor, serverReplying } = harness;

  describe('definition', () => {
    it('fills in every default through its options schema and requires the key', () => {
      const validate = createAjv({ coerceTypes: false, useDefaults: true }).compile(
        intrinio.optionsSchema,
      );
      const options = { apiKey: 'k' };

      expect(validate(options)).to.equal(true);
      expect(options).to.deep.equal({
        apiKey: 'k',
        baseUrl: 'https://api-v2.intrinio.com',
        timeoutMs: 10000,
        sendKeyAs: 'header',
        exchange: 'USCOMP',
        adjusted: false,
      });
      expect(validate({})).to.equal(false);
      expect(validate({ apiKey: 'k', source: 'IEX; drop' })).to.equal(false);
    });

    it('documents every option with its default in the README', () => {
      expectReadmeDocumentsOptions(intrinio);
    });
  });

  describe('fetchQuotes()', () => {
    it('sends the key as a Bearer header by default, never in the URL or the logs', async () => {
      const { provider, recording } = await providerFor(harness.server().url);
      const before = harness.server().requests.length;
      await provider.fetchQuotes(['AAPL']);

      const request = harness.server().requests[before];
      expect(request?.headers.authorization).to.equal(`Bearer ${key}`);
      expect(request?.path).to.equal('/securities/AAPL/prices/realtime');
      expect(request?.query.has('api_key')).to.equal(false);
      expect(recording.logLines.join('\n')).to.not.contain(key);
    });

    it('sends api_key in the query when asked, scrubbed from the logs', async () => {
      const { provider, recording } = await providerFor(harness.server().url, {
        sendKeyAs: 'query',
      });
      const before = harness.server().requests.length;
      const [outcome] = await provider.fetchQuotes(['AAPL']);

      const request = harness.server().requests[before];
      expect(outcome?.quote?.price).to.equal(216.98);
      expect(request?.headers.authorization).to.equal(undefined);
      expect(request?.query.get('api_key')).to.equal(key);
      expect(recording.logLines.join('\n')).to.contain('api_key=***').and.not.contain(key);
    });

    it('maps a realtime price, offset times to UTC, and null close outside IEX', async () => {
      const { provider } = await providerFor(harness.server().url, { source: 'iex,delayed_sip' });
      const [outcome] = await provider.fetchQuotes(['MSFT']);

      expect(harness.server().requests.at(-1)?.query.get('source')).to.equal('iex,delayed_sip');
      expect(outcome?.quote).to.deep.equal({
        symbol: 'MSFT',
        provider: 'intrinio',
        price: 383.27,
        open: 386.27,
        high: 388.27,
        low: 381.27,
        close: null,
        previousClose: 387.27,
        change: -4,
        changePercent: -1.0329,
        volume: 62_547_015,
        currency: 'USD',
        timestamp: '2025-03-12T20:59:58.250Z',
        bid: 383.22,
        ask: 383.32,
      });
    });

    it('leaves previous close null without eod_close_price and falls back to exchange volume', async () => {
      const { provider } = await providerFor(harness.server().url);
      const [outcome] = await provider.fetchQuotes(['AMZN']);

      expect(outcome?.quote).to.deep.include({
        previousClose: null,
        change: null,
        volume: 1_834_211,
      });
    });

    it('follows next_page tokens of the exchange batch, resending the same tickers', async () => {
      const { provider } = await providerFor(harness.server().url);
      const before = harness.server().requests.length;
      const outcomes = await provider.fetchQuotes(['NVDA', 'NOPE', 'AAPL', 'MSFT']);

      const calls = harness.server().requests.slice(before);
      expect(calls.map((c) => c.path)).to.deep.equal([
        '/stock_exchanges/USCOMP/prices/realtime',
        '/stock_exchanges/USCOMP/prices/realtime',
      ]);
      expect(calls[1]?.query.get('tickers')).to.equal('NVDA,NOPE,AAPL,MSFT');
      expect(calls[1]?.query.get('next_page')).to.be.a('string').and.not.equal('');
      expect(calls[1]?.headers.authorization).to.equal(`Bearer ${key}`);
      expect(outcomes.map((o) => o.quote?.price ?? o.error?.failure?.kind)).to.deep.equal([
        115.74,
        'not_found',
        216.98,
        383.27,
      ]);
    });

    it('splits more than 100 symbols into calls of 100 tickers', async () => {
      const { provider } = await providerFor(harness.server().url);
      const symbols = ['AAPL', ...Array.from({ length: 149 }, (_, i) => `X${i}`)];
      const before = harness.server().requests.length;
      const outcomes = await provider.fetchQuotes(symbols);

      const calls = harness.server().requests.slice(before);
      expect(calls.map((c) => c.query.get('tickers')?.split(',').length)).to.deep.equal([100, 50]);
      expect(calls.every((c) => c.query.get('page_size') === '100')).to.equal(true);
      expect(outcomes).to.have.length(150);
      expect(outcomes[0]?.quote?.symbol).to.equal('AAPL');
    });

    it('fails every symbol of a batch whose call fails', async () => {
      const { provider } = await providerFor(harness.server().url, { apiKey: 'key-bad-key' });
      const outcomes = await provider.fetchQuotes(['AAPL', 'MSFT']);

      expect(outcomes.map((o) => [o.symbol, o.error?.failure?.kind])).to.deep.equal([
        ['AAPL', 'auth'],
        ['MSFT', 'auth'],
      ]);
    });

    it('fails an unknown security with not_found from its 404', async () => {
      const { provider } = await providerFor(harness.server().url);
      const [outcome] = await provider.fetchQuotes(['NOPE']);

      expect(outcome?.error?.failure).to.deep.include({ kind: 'not_found', status: 404 });
    });

    it('parses string numbers, and fails garbage, a missing last trade and a missing time', async () => {
      const rows = [
        { last_price: '10.5', last_time: '2025-03-12T20:00:00Z', security: { ticker: 'AAA' } },
        { last_price: 'abc', last_time: '2025-03-12T20:00:00Z', security: { ticker: 'BBB' } },
        { last_price: null, last_time: '2025-03-12T20:00:00Z', security: { ticker: 'CCC' } },
        { last_price: 4, last_time: null, updated_on: null, security: { ticker: 'DDD' } },
      ];
      const custom = await serverReplying({ body: { stock_prices: rows, next_page: null } });
      const { provider } = await providerFor(custom.url);
      const outcomes = await provider.fetchQuotes(['AAA', 'BBB', 'CCC', 'DDD']);

      expect(outcomes[0]?.quote?.price).to.equal(10.5);
      expect(outcomes.slice(1).map((o) => o.error?.failure?.kind)).to.deep.equal([
        'malformed',
        'no_data',
        'malformed',
      ]);
    });

    it('takes Retry-After in seconds, and waits for midnight New York on a daily limit', async () => {
      const perSecond = await serverReplying({
        status: 429,
        headers: { 'retry-after': '1' },
        body: { error: 'Too Many Requests', message: 'Slow down.' },
      });
      const noHeader = await serverReplying({ status: 429, body: 'Too Many Requests' });
      const daily = await serverReplying({
        status: 429,
        body: { error: 'Too Many Requests', message: 'Daily limit reached.' },
      });
      const [second] = await (await providerFor(perSecond.url)).provider.fetchQuotes(['AAPL']);
      const [minute] = await (await providerFor(noHeader.url)).provider.fetchQuotes(['AAPL']);
      const [day] = await (await providerFor(daily.url)).provider.fetchQuotes(['AAPL']);

      expect(second?.error?.failure).to.deep.include({ quota: 'second', retryAfterMs: 1000 });
      expect(minute?.error?.failure).to.deep.include({ quota: 'minute', retryAfterMs: 60_000 });
      expect(day?.error?.failure).to.deep.include({
        quota: 'day',
        retryAfterMs: Date.parse('2025-03-13T04:00:00.000Z') - nowMs,
      });
    });

    it('tells a 403 without a subscription (plan_required) from a 403 bad key (auth)', async () => {
      const plan = await serverReplying({
        status: 403,
        body: { error: 'Forbidden', message: 'Access to this data requires a paid plan.' },
      });
      const badKey = await serverReplying({
        status: 403,
        body: { error: 'Forbidden', message: 'Invalid API key.' },
      });
      const [planned] = await (await providerFor(plan.url)).provider.fetchQuotes(['AAPL']);
      const [denied] = await (await providerFor(badKey.url)).provider.fetchQuotes(['AAPL']);

      expect(planned?.error?.failure?.kind).to.equal('plan_required');
      expect(denied?.error?.failure?.kind).to.equal('auth');
    });
  });
});
