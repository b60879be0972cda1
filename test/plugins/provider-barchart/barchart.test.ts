import { expect } from 'chai';
import { createAjv } from '../../../core/schema/ajv.js';
import barchart from '../../../plugins/provider-barchart/index.js';
import type { FakeServer, FakeReply } from '../../helpers/fake-server.js';
import { startBarchartFake } from './fake-api.js';
import { expectReadmeDocumentsOptions } from '../../helpers/provider-harness.js';
import { envelope, key, useBarchartHarness } from './harness.js';

describe('barchart provider', () => {
  const harness = useBarchartHarness();
  const { providerFor, serverReplying } = harness;
  let mirrored: FakeServer;

  before(async () => {
    mirrored = await startBarchartFake({ mirrorStatus: true });
  });

  after(async () => {
    await mirrored.close();
  });

  describe('definition', () => {
    it('fills in every default through its options schema and requires the key', () => {
      const validate = createAjv({ coerceTypes: false, useDefaults: true }).compile(
        barchart.optionsSchema,
      );
      const options = { apiKey: 'k' };

      expect(validate(options)).to.equal(true);
      expect(options).to.deep.equal({
        apiKey: 'k',
        baseUrl: 'https://ondemand.websol.barchart.com',
        timeoutMs: 10000,
        batchSize: 100,
        adjusted: false,
      });
      expect(validate({})).to.equal(false);
    });

    it('documents every option with its default in the README', () => {
      expectReadmeDocumentsOptions(barchart);
    });

    it('declares no rate limits (OnDemand is sold by contract) and batchSize symbols a call', async () => {
      const { provider } = await providerFor(harness.server().url, { batchSize: 40 });

      expect(provider.capabilities).to.deep.include({ maxSymbolsPerCall: 40, rateLimits: {} });
    });
  });

  describe('fetchQuotes()', () => {
    it('sends the key as apikey in the query, scrubbed from every log line', async () => {
      const { provider, recording } = await providerFor(harness.server().url);
      const before = harness.server().requests.length;
      await provider.fetchQuotes(['AAPL', 'MSFT']);

      const request = harness.server().requests[before];
      expect(request?.path).to.equal('/getQuote.json');
      expect(request?.query.get('apikey')).to.equal(key);
      expect(request?.query.get('symbols')).to.equal('AAPL,MSFT');
      expect(request?.headers.authorization).to.equal(undefined);
      expect(recording.logLines.join('\n')).to.contain('apikey=***').and.not.contain(key);
    });

    it('reads Central-time stamps into UTC and derives the previous close from netChange', async () => {
      const { provider } = await providerFor(harness.server().url);
      const [aapl, msft] = await provider.fetchQuotes(['AAPL', 'MSFT']);

      expect(aapl?.quote).to.deep.equal({
        symbol: 'AAPL',
        provider: 'barchart',
        price: 216.98,
        open: 220.14,
        high: 221.75,
        low: 214.91,
        close: 216.98,
        previousClose: 220.84,
        change: -3.86,
        changePercent: -1.75,
        volume: 62547015,
        currency: null,
        timestamp: '2025-03-12T20:59:59.000Z',
      });
      // A zero close means the session has not settled yet.
      expect(msft?.quote).to.deep.include({
        close: null,
        previousClose: 380.45,
        timestamp: '2025-03-12T19:19:58.000Z',
      });
    });

    it('splits a pipeline into calls of batchSize symbols', async () => {
      const { provider } = await providerFor(harness.server().url, { batchSize: 1 });
      const before = harness.server().requests.length;
      const outcomes = await provider.fetchQuotes(['AAPL', 'NOPE', 'MSFT']);

      expect(harness.server().requests.length - before).to.equal(3);
      expect(outcomes.map((o) => o.quote?.price ?? o.error?.failure?.kind)).to.deep.equal([
        216.98,
        'no_data',
        383.27,
      ]);
    });

    it('reads status.code whatever the HTTP status, including a bodiless HTTP 204', async () => {
      const { provider } = await providerFor(mirrored.url);
      const [missing] = await provider.fetchQuotes(['NOPE']);
      const [denied] = await (
        await providerFor(mirrored.url, { apiKey: 'key-bad-key' })
      ).provider.fetchQuotes(['AAPL']);
      const [limited] = await (
        await providerFor(mirrored.url, { apiKey: 'key-rate-limited' })
      ).provider.fetchQuotes(['AAPL']);

      expect(missing?.error?.failure).to.deep.include({ kind: 'no_data', status: 204 });
      expect(denied?.error?.failure).to.deep.include({ kind: 'auth', status: 401 });
      expect(limited?.error?.failure).to.deep.include({
        kind: 'rate_limited',
        status: 429,
        retryAfterMs: 60_000,
      });
    });

    it('maps the other status codes, given as numbers or strings', async () => {
      const cases: [FakeReply, string][] = [
        [envelope('403', 'Forbidden.'), 'auth'],
        [envelope(404, 'Not found.'), 'not_found'],
        [envelope(500, 'Internal error.'), 'unavailable'],
        [envelope(400, 'Bad request.'), 'bad_request'],
      ];
      for (const [reply, kind] of cases) {
        const custom = await serverReplying(reply);
        const [outcome] = await (await providerFor(custom.url)).provider.fetchQuotes(['AAPL']);
        expect(outcome?.error?.failure?.kind).to.equal(kind);
      }
    });

    it('parses string numbers and percent signs, and fails a missing price or time per symbol', async () => {
      const custom = await serverReplying(
        envelope(200, 'Success.', [
          {
            symbol: 'AAA',
            lastPrice: '10.50',
            tradeTimestamp: '2025-03-12T10:00:00-05:00',
            netChange: '0.5',
            percentChange: '5.00%',
            currency: 'USD',
          },
          { symbol: 'BBB', lastPrice: null, tradeTimestamp: '2025-03-12T10:00:00-05:00' },
          { symbol: 'CCC', lastPrice: 3, tradeTimestamp: '2025-03-12 10:00:00' },
        ]),
      );
      const { provider } = await providerFor(custom.url);
      const [aaa, bbb, ccc] = await provider.fetchQuotes(['AAA', 'BBB', 'CCC']);

      expect(aaa?.quote).to.deep.include({
        price: 10.5,
        previousClose: 10,
        changePercent: 5,
        currency: 'USD',
      });
      expect(bbb?.error?.failure?.kind).to.equal('no_data');
      expect(ccc?.error?.failure?.kind).to.equal('malformed');
    });
  });
});
