import { expect } from 'chai';
import { createAjv } from '../../../core/schema/ajv.js';
import tiingo from '../../../plugins/provider-tiingo/index.js';
import { expectReadmeDocumentsOptions } from '../../helpers/provider-harness.js';
import { key, nowMs, useTiingoHarness } from './harness.js';

describe('tiingo provider', () => {
  const harness = useTiingoHarness();
  const { providerFor, serverReplying } = harness;

  describe('definition', () => {
    it('fills in every default through its options schema and requires the token', () => {
      const validate = createAjv({ coerceTypes: false, useDefaults: true }).compile(
        tiingo.optionsSchema,
      );
      const options = { apiKey: 'k' };

      expect(validate(options)).to.equal(true);
      expect(options).to.deep.equal({
        apiKey: 'k',
        baseUrl: 'https://api.tiingo.com',
        timeoutMs: 10000,
        plan: 'free',
        batchSize: 100,
        adjusted: false,
        afterHours: false,
      });
      expect(validate({})).to.equal(false);
      expect(validate({ apiKey: 'k', plan: 'gold' })).to.equal(false);
    });

    it('documents every option with its default in the README', () => {
      expectReadmeDocumentsOptions(tiingo);
    });
  });

  describe('capabilities', () => {
    it('declares the hourly and daily allowances of the plan', async () => {
      const free = (await providerFor(harness.server().url)).provider.capabilities;
      const power = (await providerFor(harness.server().url, { plan: 'power', batchSize: 250 }))
        .provider.capabilities;

      expect(free.rateLimits).to.deep.equal({ perHour: 50, perDay: 1000 });
      expect(power.rateLimits).to.deep.equal({ perHour: 10000, perDay: 100000 });
      expect(power.maxSymbolsPerCall).to.equal(250);
      expect(free.intradayIntervals).to.deep.equal(['1m', '5m', '15m', '30m', '1h', '4h']);
    });
  });

  describe('fetchQuotes()', () => {
    it('sends the token in the Authorization header, never in the URL or the logs', async () => {
      const { provider, recording } = await providerFor(harness.server().url);
      const before = harness.server().requests.length;
      await provider.fetchQuotes(['AAPL', 'MSFT']);

      const request = harness.server().requests[before];
      expect(request?.headers.authorization).to.equal(`Token ${key}`);
      expect(request?.path).to.equal('/iex/');
      expect(request?.query.get('tickers')).to.equal('aapl,msft');
      expect(request?.query.has('token')).to.equal(false);
      expect(recording.logLines.join('\n')).to.not.contain(key);
      expect(recording.logLines.join('\n')).to.contain('tiingo response');
    });

    it('prices from tngoLast when last is null without an IEX agreement', async () => {
      const { provider } = await providerFor(harness.server().url);
      const [outcome] = await provider.fetchQuotes(['AAPL']);

      expect(harness.server().requests.at(-1)?.path).to.equal('/iex/aapl');
      expect(outcome?.quote).to.deep.include({
        price: 216.98,
        previousClose: 220.84,
        change: -3.86,
        changePercent: -1.7479,
        volume: 1834211,
        bid: null,
        ask: null,
        close: null,
        currency: 'USD',
      });
    });

    it('turns a nanosecond timestamp with an offset into UTC milliseconds', async () => {
      const { provider } = await providerFor(harness.server().url);
      const [aapl, msft] = await provider.fetchQuotes(['AAPL', 'MSFT']);

      expect(aapl?.quote?.timestamp).to.equal('2025-03-12T20:59:59.123Z');
      expect(msft?.quote?.timestamp).to.equal('2025-03-12T20:59:59.987Z');
      expect(msft?.quote).to.deep.include({ price: 383.27, bid: 383.26, ask: 383.29 });
    });

    it('spells share classes with a dash and treats a zero book side as missing', async () => {
      const { provider } = await providerFor(harness.server().url);
      const [outcome] = await provider.fetchQuotes(['BRK.B']);

      expect(harness.server().requests.at(-1)?.path).to.equal('/iex/brk-b');
      expect(outcome?.quote).to.deep.include({
        symbol: 'BRK.B',
        price: 512.1,
        bid: null,
        ask: null,
      });
    });

    it('splits a large pipeline into calls of batchSize tickers, keeping request order', async () => {
      const { provider } = await providerFor(harness.server().url, { batchSize: 2 });
      const before = harness.server().requests.length;
      const symbols = ['MSFT', 'NOPE', 'AAPL', 'BRK.B', 'ZZZZ'];
      const outcomes = await provider.fetchQuotes(symbols);

      expect(harness.server().requests.length - before).to.equal(3);
      expect(outcomes.map((o) => o.symbol)).to.deep.equal(symbols);
      expect(outcomes.map((o) => o.error?.failure?.kind ?? 'ok')).to.deep.equal([
        'ok',
        'not_found',
        'ok',
        'ok',
        'not_found',
      ]);
    });

    it('answers an unknown single ticker (an empty array) with not_found', async () => {
      const { provider } = await providerFor(harness.server().url);
      const [outcome] = await provider.fetchQuotes(['NOPE']);

      expect(outcome?.error?.failure).to.deep.include({ kind: 'not_found', retryable: false });
    });

    it('parses numbers sent as strings and fails only the symbol whose number is garbage', async () => {
      const custom = await serverReplying({
        body: [
          { ticker: 'AAPL', timestamp: '2025-03-12T20:00:00Z', last: '216.5', prevClose: '220' },
          { ticker: 'MSFT', timestamp: '2025-03-12T20:00:00Z', last: 'NaN' },
        ],
      });
      const { provider } = await providerFor(custom.url);
      const [aapl, msft] = await provider.fetchQuotes(['AAPL', 'MSFT']);

      expect(aapl?.quote).to.deep.include({ price: 216.5, previousClose: 220 });
      expect(msft?.error?.failure?.kind).to.equal('malformed');
    });

    it('reports no_data for a ticker with neither last nor tngoLast, malformed without a time', async () => {
      const custom = await serverReplying({
        body: [
          { ticker: 'AAPL', timestamp: '2025-03-12T20:00:00Z', last: null, tngoLast: null },
          { ticker: 'MSFT', timestamp: '2025-03-12 16:00:00', last: 383 },
        ],
      });
      const { provider } = await providerFor(custom.url);
      const [aapl, msft] = await provider.fetchQuotes(['AAPL', 'MSFT']);

      expect(aapl?.error?.failure?.kind).to.equal('no_data');
      expect(msft?.error?.failure?.kind).to.equal('malformed');
    });

    it('waits for Retry-After on an hourly allocation 429 when the header is there', async () => {
      const custom = await serverReplying({
        status: 429,
        headers: { 'retry-after': '120' },
        body: { detail: 'Error: You have run over your hourly request allocation.' },
      });
      const { provider } = await providerFor(custom.url);
      const [outcome] = await provider.fetchQuotes(['AAPL']);

      expect(outcome?.error?.failure).to.deep.include({
        kind: 'rate_limited',
        quota: 'hour',
        retryAfterMs: 120_000,
      });
    });

    it('waits until the next month when the unique-symbol allowance is spent', async () => {
      const custom = await serverReplying({
        status: 429,
        body: { detail: 'Error: You have run over your monthly unique symbol allocation.' },
      });
      const { provider } = await providerFor(custom.url);
      const [outcome] = await provider.fetchQuotes(['AAPL']);

      expect(outcome?.error?.failure).to.deep.include({ kind: 'rate_limited', retryable: true });
      expect(outcome?.error?.failure?.retryAfterMs).to.equal(
        Date.parse('2025-04-01T00:00:00.000Z') - nowMs,
      );
    });

    it('classifies a 403 permission detail as plan_required and a 200 detail as bad_request', async () => {
      const forbidden = await serverReplying({
        status: 403,
        body: { detail: 'You do not have permission to perform this action.' },
      });
      const odd = await serverReplying({ body: { detail: 'Error: unexpected request' } });
      const [planned] = await (await providerFor(forbidden.url)).provider.fetchQuotes(['AAPL']);
      const [bad] = await (await providerFor(odd.url)).provider.fetchQuotes(['AAPL']);

      expect(planned?.error?.failure?.kind).to.equal('plan_required');
      expect(bad?.error?.failure?.kind).to.equal('bad_request');
    });
  });
});
