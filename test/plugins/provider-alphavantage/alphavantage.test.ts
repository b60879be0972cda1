import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createAjv } from '../../../core/schema/ajv.js';
import alphavantage from '../../../plugins/provider-alphavantage/index.js';
import { repoRoot } from '../../helpers/fixtures.js';
import { testKey, useAlphaVantageHarness } from './harness.js';

describe('alphavantage provider', () => {
  const h = useAlphaVantageHarness();

  describe('definition', () => {
    it('fills in the defaults and requires the key', () => {
      const validate = createAjv({ coerceTypes: false, useDefaults: true }).compile(
        alphavantage.optionsSchema,
      );
      const options = { apiKey: 'k' };

      expect(validate(options)).to.equal(true);
      expect(options).to.deep.equal({
        apiKey: 'k',
        baseUrl: 'https://www.alphavantage.co',
        timeoutMs: 10_000,
        plan: 'free',
        entitlement: 'end-of-day',
        bulkQuotes: false,
        adjusted: false,
        extendedHours: false,
        currency: 'USD',
      });
      expect(validate({})).to.equal(false);
      expect(validate({ apiKey: 'k', plan: 'premium-80' })).to.equal(false);
    });

    it('documents every option with its default in the README', () => {
      const readme = readFileSync(
        path.join(repoRoot, 'plugins/provider-alphavantage/README.md'),
        'utf8',
      );
      const properties = alphavantage.optionsSchema.properties as Record<
        string,
        { default?: unknown }
      >;

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
    it('declares 25 requests a day, one a second and 100 days of history on the free plan', async () => {
      const { provider } = await h.providerWith({ plan: 'free' });

      expect(provider.capabilities).to.deep.equal({
        quote: true,
        maxSymbolsPerCall: 1,
        dailyBars: true,
        intradayIntervals: ['1m', '5m', '15m', '30m', '1h'],
        rateLimits: { perSecond: 1, perDay: 25 },
        historyDays: 140,
      });
    });

    it("declares the premium plan's per-minute limit and 100 symbols a call with bulk quotes", async () => {
      const { provider } = await h.providerWith({ plan: 'premium-300', bulkQuotes: true });

      expect(provider.capabilities.rateLimits).to.deep.equal({ perMinute: 300 });
      expect(provider.capabilities.maxSymbolsPerCall).to.equal(100);
      expect(provider.capabilities.historyDays).to.equal(7300);
    });
  });

  describe('fetchQuotes()', () => {
    it('calls /query?function=GLOBAL_QUOTE with the key as apikey', async () => {
      const { provider } = await h.providerWith();
      await provider.fetchQuotes(['AAPL']);

      expect(h.fake.requests.at(-1)?.path).to.equal('/query');
      expect(h.lastQuery()).to.deep.equal({
        function: 'GLOBAL_QUOTE',
        symbol: 'AAPL',
        apikey: testKey,
      });
    });

    it('parses the string values and the trailing %, stamping the date-only quote at its 16:00 close', async () => {
      const { provider } = await h.providerWith({ currency: 'CAD' });
      const [outcome] = await provider.fetchQuotes(['AAPL']);

      expect(outcome?.quote).to.deep.equal({
        symbol: 'AAPL',
        provider: 'alphavantage',
        price: 261.74,
        open: 261.07,
        high: 263.31,
        low: 260.68,
        close: 261.74,
        previousClose: 259.45,
        change: 2.29,
        changePercent: 0.8826,
        volume: 41234567,
        currency: 'CAD',
        // 2026-03-09 16:00 New York (EDT).
        timestamp: '2026-03-09T20:00:00.000Z',
      });
    });

    it('reads the delayed quote under its own testKey, stamped at the clock while the session runs', async () => {
      const { provider } = await h.providerWith({ entitlement: 'delayed' });
      const [outcome] = await provider.fetchQuotes(['MSFT']);

      expect(h.lastQuery()).to.include({ entitlement: 'delayed' });
      expect(outcome?.quote).to.deep.include({
        close: null,
        timestamp: '2026-03-10T15:00:00.000Z',
      });
    });

    it('reads {"Global Quote": {}} as not_found', async () => {
      const { provider } = await h.providerWith();
      const [outcome] = await provider.fetchQuotes(['ZZZZQ']);

      expect(outcome?.error?.failure).to.deep.include({ kind: 'not_found', retryable: false });
    });

    it('classifies the 200 errors by their key and text', async () => {
      const cases: [unknown, string, string | undefined][] = [
        [{ 'Error Message': 'the parameter apikey is invalid or missing.' }, 'auth', undefined],
        [{ 'Error Message': 'Invalid API call. Please retry.' }, 'not_found', undefined],
        [{ 'Error Message': 'This API function (X) does not exist.' }, 'bad_request', undefined],
        [
          { Information: 'You have reached the free API key rate limit of 25 requests per day.' },
          'rate_limited',
          'day',
        ],
        [
          {
            Information:
              'Please consider spreading out your free API requests more sparingly (1 request per second).',
          },
          'rate_limited',
          'second',
        ],
        [
          { Note: 'Our standard API call frequency is 5 calls per minute and 500 calls per day.' },
          'rate_limited',
          'minute',
        ],
        [{ Information: 'This is a premium endpoint.' }, 'plan_required', undefined],
        [
          { Information: 'The outputsize=full parameter value is a premium feature.' },
          'plan_required',
          undefined,
        ],
        [{ Information: 'The demo API key is for demo purposes only.' }, 'auth', undefined],
        [{ Information: 'Something new.' }, 'bad_request', undefined],
      ];
      for (const [body, kind, quota] of cases) {
        const error = await h.quoteErrorFor(body);
        expect(error?.failure?.kind, JSON.stringify(body)).to.equal(kind);
        expect(error?.failure?.quota, JSON.stringify(body)).to.equal(quota);
        expect(error?.failure?.status).to.equal(200);
      }
    });

    it('waits for the earlier of midnight UTC and midnight New York after the daily quota', async () => {
      const body = { Information: 'Our standard API rate limit is 25 requests per day.' };
      h.fake.override(() => ({ body }));
      // 15:00Z: midnight UTC is 9 h away, midnight New York 13 h.
      const afternoon = (await h.providerWith()).provider;
      // 02:00Z is 22:00 New York: midnight New York is 2 h away.
      const evening = (await h.providerWith({}, Date.parse('2026-03-11T02:00:00Z'))).provider;
      // A few seconds before midnight UTC the wait is still at least a minute.
      const late = (await h.providerWith({}, Date.parse('2026-03-10T23:59:50Z'))).provider;

      const waits = [];
      for (const provider of [afternoon, evening, late]) {
        const [outcome] = await provider.fetchQuotes(['AAPL']);
        waits.push(outcome?.error?.failure?.retryAfterMs);
      }
      expect(waits).to.deep.equal([9 * 3_600_000, 2 * 3_600_000, 60_000]);
    });

    it('spends no more calls once the daily quota is spent', async () => {
      const { provider } = await h.providerWith({ apiKey: 'key-daily-quota', plan: 'free' });
      const outcomes = await provider.fetchQuotes(['AAPL', 'MSFT', 'IBM']);

      expect(outcomes.map((o) => o.error?.failure?.quota)).to.deep.equal(['day', 'day', 'day']);
      expect(h.fake.requests).to.have.length(1);
    });

    it('keeps a key the daily-limit text quotes out of errors and logs', async () => {
      const { provider, recording } = await h.providerWith({ apiKey: 'key-daily-quota' });
      const [outcome] = await provider.fetchQuotes(['AAPL']);

      expect(outcome?.error?.message).to.contain('detected your API key as ***');
      expect(recording.logLines.length).to.be.greaterThan(0);
      for (const line of recording.logLines) expect(line).to.not.contain('key-daily-quota');
    });

    it('takes a body with data and a stray note as data', async () => {
      const good = await h.providerWith();
      h.fake.override(() => undefined);
      const [plain] = await good.provider.fetchQuotes(['AAPL']);
      const error = await h.quoteErrorFor({
        Information: 'The endpoint will change next month.',
        'Global Quote': {
          '01. symbol': 'AAPL',
          '05. price': '1.0000',
          '07. latest trading day': '2026-03-09',
        },
      });

      expect(plain?.quote?.price).to.equal(261.74);
      expect(error).to.equal(undefined);
    });

    it('reports an impossible trading day as malformed', async () => {
      const error = await h.quoteErrorFor({
        'Global Quote': {
          '01. symbol': 'AAPL',
          '05. price': '1.0000',
          '07. latest trading day': '2026-02-30',
        },
      });

      expect(error?.failure?.kind).to.equal('malformed');
    });
  });
});
