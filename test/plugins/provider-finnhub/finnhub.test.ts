import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createAjv } from '../../../core/schema/ajv.js';
import finnhub from '../../../plugins/provider-finnhub/index.js';
import { repoRoot } from '../../helpers/fixtures.js';
import { fakeNowMs } from './fake-api.js';
import { testKey, useFinnhubHarness } from './harness.js';

describe('finnhub provider', () => {
  const h = useFinnhubHarness();

  describe('definition', () => {
    it('fills in the defaults and requires the key', () => {
      const validate = createAjv({ coerceTypes: false, useDefaults: true }).compile(
        finnhub.optionsSchema,
      );
      const options = { apiKey: 'k' };

      expect(validate(options)).to.equal(true);
      expect(options).to.deep.equal({
        apiKey: 'k',
        baseUrl: 'https://finnhub.io/api/v1',
        timeoutMs: 10_000,
        plan: 'free',
        currency: 'USD',
      });
      expect(validate({})).to.equal(false);
      expect(validate({ apiKey: 'k', plan: 'gold' })).to.equal(false);
    });

    it('documents every option with its default in the README', () => {
      const readme = readFileSync(
        path.join(repoRoot, 'plugins/provider-finnhub/README.md'),
        'utf8',
      );
      const properties = finnhub.optionsSchema.properties as Record<string, { default?: unknown }>;

      for (const [name, schema] of Object.entries(properties)) {
        const row = readme.split('\n').find((line) => line.startsWith(`| \`${name}\``));
        expect(row, name).to.not.equal(undefined);
        if (schema.default !== undefined) {
          const shown =
            typeof schema.default === 'string' ? schema.default : JSON.stringify(schema.default);
          expect(row?.split('|')[3]?.trim(), name).to.equal(`\`${shown}\``);
        }
      }
    });
  });

  describe('capabilities', () => {
    it('declares one symbol per call, no bars and 60 calls a minute on the free plan', async () => {
      const { provider } = await h.providerWith({ plan: 'free' });

      expect(provider.capabilities).to.deep.equal({
        quote: true,
        maxSymbolsPerCall: 1,
        dailyBars: false,
        intradayIntervals: [],
        rateLimits: { perSecond: 30, perMinute: 60 },
      });
    });

    it('declares candles on a premium plan', async () => {
      const { provider } = await h.providerWith({ plan: 'premium' });

      expect(provider.capabilities.dailyBars).to.equal(true);
      expect(provider.capabilities.intradayIntervals).to.deep.equal([
        '1m',
        '5m',
        '15m',
        '30m',
        '1h',
      ]);
      expect(provider.capabilities.rateLimits).to.deep.equal({ perSecond: 30 });
    });
  });

  describe('fetchQuotes()', () => {
    it('sends the key in the X-Finnhub-Token header, never in the URL', async () => {
      const { provider } = await h.providerWith();
      await provider.fetchQuotes(['AAPL']);

      const request = h.fake.requests.at(-1);
      expect(request?.path).to.equal('/api/v1/quote');
      expect(request?.headers['x-finnhub-token']).to.equal(testKey);
      expect([...(request?.query.keys() ?? [])]).to.deep.equal(['symbol']);
      expect(request?.query.get('symbol')).to.equal('AAPL');
    });

    it('maps c, d, dp, h, l, o, pc and t (Unix seconds), with no volume', async () => {
      const { provider } = await h.providerWith({ currency: 'EUR' });
      const [outcome] = await provider.fetchQuotes(['AAPL']);

      expect(outcome?.quote).to.deep.equal({
        symbol: 'AAPL',
        provider: 'finnhub',
        price: 261.74,
        open: 261.07,
        high: 263.31,
        low: 260.68,
        close: null,
        previousClose: 259.45,
        change: 2.29,
        changePercent: 0.8826,
        volume: null,
        currency: 'EUR',
        timestamp: '2026-03-10T14:59:30.000Z',
      });
    });

    it('reads the 200 with zeros of an unknown symbol as not_found, not as a price of 0', async () => {
      const { provider } = await h.providerWith();
      const [outcome] = await provider.fetchQuotes(['ZZZZQ']);

      expect(outcome?.quote).to.equal(undefined);
      expect(outcome?.error?.failure).to.deep.include({ kind: 'not_found', retryable: false });
      expect(outcome?.error?.code).to.equal('SP_ERR_PROVIDER_NOT_FOUND');
    });

    it('turns zeros before the open into nulls and dates a quote without t at the clock', async () => {
      h.fake.override(() => ({ body: { c: 12.5, d: null, dp: null, h: 0, l: 0, o: 0, pc: 12 } }));
      const { provider } = await h.providerWith();
      const [outcome] = await provider.fetchQuotes(['AAPL']);

      expect(outcome?.quote).to.deep.include({
        price: 12.5,
        open: null,
        high: null,
        low: null,
        previousClose: 12,
        change: 0.5,
        changePercent: 4.1667,
        timestamp: new Date(fakeNowMs).toISOString(),
      });
    });

    it('makes one call per symbol and answers in request order', async () => {
      const { provider } = await h.providerWith();
      const symbols = ['MSFT', 'ZZZZQ', 'AAPL', 'MSFT', 'AAPL', 'NOPE'];
      const outcomes = await provider.fetchQuotes(symbols);

      expect(outcomes.map((o) => o.symbol)).to.deep.equal(symbols);
      expect(outcomes.map((o) => o.quote?.price ?? o.error?.failure?.kind)).to.deep.equal([
        402.1,
        'not_found',
        261.74,
        402.1,
        261.74,
        'not_found',
      ]);
      expect(h.fake.requests).to.have.length(symbols.length);
    });

    it('spends no more calls once the rate limit is hit, failing the rest of the batch', async () => {
      h.fake.override(() => ({
        status: 429,
        body: { error: 'API limit reached. Please try again later. Remaining Limit: 0' },
      }));
      const { provider } = await h.providerWith();
      const symbols = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H'];
      const outcomes = await provider.fetchQuotes(symbols);

      expect(outcomes.map((o) => o.error?.failure?.kind)).to.deep.equal(
        symbols.map(() => 'rate_limited'),
      );
      expect(h.fake.requests.length).to.be.lessThan(symbols.length);
    });

    it('classifies the plain-text 429 of an empty token as auth, not as a rate limit', async () => {
      const { provider } = await h.providerWith({ apiKey: '' });
      const [outcome] = await provider.fetchQuotes(['AAPL']);

      expect(outcome?.error?.failure).to.deep.include({
        kind: 'auth',
        retryable: false,
        status: 429,
      });
    });

    it('waits as long as Retry-After says when it is sent', async () => {
      h.fake.override(() => ({
        status: 429,
        headers: { 'retry-after': '7' },
        body: { error: 'API limit reached.' },
      }));
      const { provider } = await h.providerWith();
      const [outcome] = await provider.fetchQuotes(['AAPL']);

      expect(outcome?.error?.failure).to.deep.include({
        kind: 'rate_limited',
        retryAfterMs: 7000,
        quota: 'minute',
      });
    });

    it('waits until X-Ratelimit-Reset without Retry-After, and a minute without either', async () => {
      const reset = String(fakeNowMs / 1000 + 20);
      h.fake.override(() => ({
        status: 429,
        headers: { 'x-ratelimit-reset': reset },
        body: 'API limit reached. Please try again later.',
      }));
      const { provider } = await h.providerWith();
      const [withReset] = await provider.fetchQuotes(['AAPL']);
      h.fake.override(() => ({
        status: 429,
        headers: { 'x-ratelimit-reset': '99999999999' },
        body: { error: 'API limit reached.' },
      }));
      const [withoutReset] = await provider.fetchQuotes(['AAPL']);

      expect(withReset?.error?.failure?.retryAfterMs).to.equal(20_000);
      expect(withoutReset?.error?.failure?.retryAfterMs).to.equal(60_000);
    });

    it('reads an `error` in a 200 body as an error', async () => {
      h.fake.override(() => ({ status: 200, body: { error: 'Symbol not supported.' } }));
      const { provider } = await h.providerWith();
      const [notFound] = await provider.fetchQuotes(['AAPL']);
      h.fake.override(() => ({ status: 200, body: { error: 'Something unexpected.' } }));
      const [other] = await provider.fetchQuotes(['AAPL']);

      expect(notFound?.error?.failure?.kind).to.equal('not_found');
      expect(other?.error?.failure?.kind).to.equal('bad_request');
    });

    it('classifies a 404 without an error field by its status', async () => {
      h.fake.override(() => ({ status: 404, body: '404 page not found' }));
      const { provider } = await h.providerWith();
      const [outcome] = await provider.fetchQuotes(['AAPL']);

      expect(outcome?.error?.failure?.kind).to.equal('not_found');
    });

    it('reports a t that is no time as malformed, for that symbol only', async () => {
      h.fake.override((request) =>
        request.query.get('symbol') === 'AAPL' ? { body: { c: 1, t: 1e300 } } : undefined,
      );
      const { provider } = await h.providerWith();
      const outcomes = await provider.fetchQuotes(['AAPL', 'MSFT']);

      expect(outcomes[0]?.error?.failure?.kind).to.equal('malformed');
      expect(outcomes[1]?.quote?.price).to.equal(402.1);
    });

    it('never writes the key to a log line or an error', async () => {
      h.fake.override(() => ({ status: 401, body: { error: `Invalid API key. ${testKey}` } }));
      const { provider, recording } = await h.providerWith();
      const [outcome] = await provider.fetchQuotes(['AAPL']);

      expect(outcome?.error?.message).to.not.contain(testKey);
      expect(recording.logLines.length).to.be.greaterThan(0);
      for (const line of recording.logLines) expect(line).to.not.contain(testKey);
    });
  });
});
