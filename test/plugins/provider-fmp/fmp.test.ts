import { expect } from 'chai';
import { mapQuote } from '../../../plugins/provider-fmp/quotes.js';
import type { QuoteItem } from '../../../plugins/provider-fmp/response-schemas.js';
import { startFakeServer, type FakeServer } from '../../helpers/fake-server.js';
import { noBatchKey, startFmpFake } from './fake-api.js';
import { nowMs, quoteItem } from './fixtures.js';
import { closeProviders, openProvider } from './harness.js';

const secretKey = 'fmp-secret-key-0123456789';

function symbolsOf(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `S${String(i).padStart(3, '0')}`);
}

describe('fmp provider', () => {
  let server: FakeServer;

  before(async () => {
    server = await startFmpFake();
  });

  afterEach(closeProviders);

  after(async () => {
    await server.close();
  });

  function callsSince(before: number) {
    return server.requests.slice(before);
  }

  describe('fetchQuotes()', () => {
    it('sends the key as the apikey query parameter and never logs it', async () => {
      const { provider, recording } = await openProvider(server, secretKey);
      const before = server.requests.length;

      const [outcome] = await provider.fetchQuotes(['AAPL']);

      expect(outcome?.quote?.symbol).to.equal('AAPL');
      const [call] = callsSince(before);
      expect(call?.path).to.equal('/stable/quote');
      expect(Object.fromEntries(call?.query ?? [])).to.deep.equal({
        symbol: 'AAPL',
        apikey: secretKey,
      });
      expect(recording.logLines.length).to.be.greaterThan(0);
      for (const line of recording.logLines) expect(line).to.not.contain(secretKey);
    });

    it('maps the quote: dayHigh/dayLow, changePercentage in percent, the Unix-seconds time', async () => {
      const { provider } = await openProvider(server, secretKey);

      const [outcome] = await provider.fetchQuotes(['MSFT']);
      const item = quoteItem('MSFT');

      expect(outcome?.quote).to.deep.equal({
        symbol: 'MSFT',
        provider: 'fmp',
        price: item.price,
        open: item.open,
        high: item.dayHigh,
        low: item.dayLow,
        // FMP says nothing of the session's end, nor of the currency.
        close: null,
        previousClose: item.previousClose,
        change: item.change,
        changePercent: item.changePercentage,
        volume: item.volume,
        currency: null,
        timestamp: new Date(nowMs - 60_000).toISOString(),
      });
    });

    it('quotes one symbol per call on the Basic plan and reports [] as not found', async () => {
      const { provider } = await openProvider(server, secretKey);
      const before = server.requests.length;

      const outcomes = await provider.fetchQuotes(['AAPL', 'NOPE', 'MSFT']);

      expect(callsSince(before).map((r) => r.query.get('symbol'))).to.deep.equal([
        'AAPL',
        'NOPE',
        'MSFT',
      ]);
      expect(outcomes.map((o) => o.quote?.symbol ?? o.error?.failure?.kind)).to.deep.equal([
        'AAPL',
        'not_found',
        'MSFT',
      ]);
    });

    it('uses /batch-quote on paid plans, keeping request order when FMP drops unknown symbols', async () => {
      const { provider } = await openProvider(server, secretKey, { plan: 'starter' });
      const before = server.requests.length;

      const outcomes = await provider.fetchQuotes(['MSFT', 'NOPE', 'AAPL']);

      const calls = callsSince(before);
      expect(calls.map((r) => [r.path, r.query.get('symbols')])).to.deep.equal([
        ['/stable/batch-quote', 'MSFT,NOPE,AAPL'],
      ]);
      expect(outcomes.map((o) => o.quote?.symbol ?? o.error?.failure?.kind)).to.deep.equal([
        'MSFT',
        'not_found',
        'AAPL',
      ]);
      expect(provider.capabilities.maxSymbolsPerCall).to.equal(100);
    });

    it('splits 250 symbols into batches of 100', async () => {
      const { provider } = await openProvider(server, secretKey, { plan: 'premium' });
      const before = server.requests.length;

      const outcomes = await provider.fetchQuotes(symbolsOf(250));

      const sizes = callsSince(before).map((r) => r.query.get('symbols')?.split(',').length);
      expect(sizes).to.deep.equal([100, 100, 50]);
      expect(outcomes.map((o) => o.quote?.symbol)).to.deep.equal(symbolsOf(250));
    });

    it('falls back to one call per symbol, once and for good, when the plan refuses batches', async () => {
      const { provider, recording } = await openProvider(server, noBatchKey, { plan: 'starter' });
      const before = server.requests.length;

      const first = await provider.fetchQuotes(['AAPL', 'MSFT']);
      const second = await provider.fetchQuotes(['AAPL']);

      expect(callsSince(before).map((r) => r.path)).to.deep.equal([
        '/stable/batch-quote',
        '/stable/quote',
        '/stable/quote',
        '/stable/quote',
      ]);
      expect([...first, ...second].every((o) => o.quote !== undefined)).to.equal(true);
      const warnings = recording.logLines.filter((line) => line.includes('"level":40'));
      expect(warnings).to.have.length(1);
    });

    it('reports the plan wall when batchQuotes is always', async () => {
      const { provider } = await openProvider(server, noBatchKey, { batchQuotes: 'always' });

      const outcomes = await provider.fetchQuotes(['AAPL', 'MSFT']);

      expect(outcomes.map((o) => o.error?.failure?.kind)).to.deep.equal([
        'plan_required',
        'plan_required',
      ]);
    });

    it('quotes one by one when batchQuotes is never, whatever the plan', async () => {
      const { provider } = await openProvider(server, secretKey, {
        plan: 'ultimate',
        batchQuotes: 'never',
      });
      const before = server.requests.length;

      await provider.fetchQuotes(['AAPL', 'MSFT']);

      expect(callsSince(before).map((r) => r.path)).to.deep.equal([
        '/stable/quote',
        '/stable/quote',
      ]);
      expect(provider.capabilities.maxSymbolsPerCall).to.equal(1);
    });

    it('stops calling once the daily limit is reached, and waits for 00:00 UTC', async () => {
      const { provider } = await openProvider(server, 'key-rate-limited');
      const before = server.requests.length;

      const outcomes = await provider.fetchQuotes(['AAPL', 'MSFT', 'GOOG']);

      expect(callsSince(before)).to.have.length(1);
      for (const outcome of outcomes) {
        expect(outcome.error?.failure).to.deep.include({
          kind: 'rate_limited',
          quota: 'day',
          retryAfterMs: 9 * 3_600_000,
        });
      }
    });

    it('fails the remaining batches with a bad key without calling again', async () => {
      const { provider } = await openProvider(server, 'key-bad-key', { plan: 'starter' });
      const before = server.requests.length;

      const outcomes = await provider.fetchQuotes(symbolsOf(150));

      expect(callsSince(before)).to.have.length(1);
      expect(new Set(outcomes.map((o) => o.error?.failure?.kind))).to.deep.equal(new Set(['auth']));
      expect(outcomes).to.have.length(150);
    });

    it('reads "Limit Reach" as the minute limit on paid plans', async () => {
      const { provider } = await openProvider(server, 'key-rate-limited', { plan: 'starter' });

      const [outcome] = await provider.fetchQuotes(['AAPL']);

      expect(outcome?.error?.failure).to.deep.include({
        kind: 'rate_limited',
        quota: 'minute',
        retryAfterMs: 60_000,
      });
    });

    it('classifies "Limit Reach" under HTTP 200 by its body', async () => {
      const { provider } = await openProvider(server, 'key-daily-quota');

      const [outcome] = await provider.fetchQuotes(['AAPL']);

      expect(outcome?.error?.failure).to.deep.include({ kind: 'rate_limited', status: 200 });
    });

    it('reads the 403 "Legacy Endpoint" of /api/v3 as a plan wall, with the key scrubbed', async () => {
      const { provider } = await openProvider(server, secretKey, {
        baseUrl: `${server.url}/api/v3`,
      });

      const [outcome] = await provider.fetchQuotes(['AAPL']);

      expect(outcome?.error?.failure).to.deep.include({ kind: 'plan_required', status: 403 });
      expect(outcome?.error?.hint).to.contain('https://financialmodelingprep.com/stable');
      expect(outcome?.error?.message).to.contain('apikey=***');
      expect(outcome?.error?.message).to.not.contain(secretKey);
    });
  });

  describe('fetchQuotes() against odd batch answers', () => {
    let odd: FakeServer;

    before(async () => {
      odd = await startFakeServer(() => ({
        body: [
          { ...quoteItem('AAPL'), price: 'n/a' },
          { name: 'no symbol at all', price: 1 },
          { ...quoteItem('MSFT'), symbol: 'msft' },
        ],
      }));
    });

    after(async () => {
      await odd.close();
    });

    it('fails only the malformed item and matches symbols whatever their case', async () => {
      const { provider } = await openProvider(odd, secretKey, { plan: 'starter' });

      const outcomes = await provider.fetchQuotes(['AAPL', 'MSFT']);

      expect(outcomes[0]?.error?.failure?.kind).to.equal('malformed');
      expect(outcomes[1]?.quote?.symbol).to.equal('MSFT');
    });
  });

  describe('mapQuote()', () => {
    it('reads the v3 spelling changesPercentage', () => {
      const { changePercentage, ...v3 } = quoteItem('AAPL') as unknown as QuoteItem & {
        changePercentage: number;
      };

      const quote = mapQuote({ ...v3, changesPercentage: changePercentage }, 'AAPL');

      expect(quote.changePercent).to.equal(changePercentage);
    });

    it('derives change and change percent from the previous close when FMP leaves them null', () => {
      const item = {
        symbol: 'AAPL',
        price: 110,
        previousClose: 100,
        timestamp: nowMs / 1000,
        change: null,
        changePercentage: null,
      };

      const quote = mapQuote(item, 'AAPL');

      expect(quote).to.deep.include({ change: 10, changePercent: 10, volume: null, open: null });
    });
  });
});
