import { expect } from 'chai';
import { maxOutputSize, maxPages } from '../../../plugins/provider-twelvedata/bars.js';
import { startFakeServer, type FakeServer } from '../../helpers/fake-server.js';
import { startTwelveDataFake } from './fake-api.js';
import { intradaySessions } from './fixtures.js';
import { failureOf } from '../../helpers/provider-harness.js';
import { closeProviders, openProvider } from './harness.js';

const key = 'td-bars-key-0123456789';

describe('twelvedata provider bars', () => {
  let server: FakeServer;

  before(async () => {
    server = await startTwelveDataFake();
  });

  afterEach(closeProviders);

  after(async () => {
    await server.close();
  });

  describe('fetchBars()', () => {
    it('asks /time_series for 1day with the documented parameters, a day past the end', async () => {
      const { provider } = await openProvider(server, key, { adjust: 'all' });
      const before = server.requests.length;

      await provider.fetchBars({
        symbol: 'AAPL',
        interval: '1d',
        from: '2026-03-02',
        to: '2026-03-06',
      });

      const query = Object.fromEntries(server.requests[before]?.query ?? []);
      expect(server.requests[before]?.path).to.equal('/time_series');
      expect(query).to.deep.equal({
        symbol: 'AAPL',
        interval: '1day',
        outputsize: '5000',
        adjust: 'all',
        start_date: '2026-03-02',
        end_date: '2026-03-07',
      });
    });

    it('sorts the newest-first rows and stamps each day 00:00 New York, across DST', async () => {
      const { provider } = await openProvider(server, key);

      const bars = await provider.fetchBars({
        symbol: 'AAPL',
        interval: '1d',
        from: '2026-03-05',
        to: '2026-03-09',
      });

      expect(bars.map((b) => [b.date, b.timestamp])).to.deep.equal([
        ['2026-03-05', '2026-03-05T05:00:00.000Z'],
        ['2026-03-06', '2026-03-06T05:00:00.000Z'],
        ['2026-03-09', '2026-03-09T04:00:00.000Z'],
      ]);
      expect(bars[0]).to.include({ provider: 'twelvedata', interval: '1d' });
      expect(bars[0]?.open).to.be.a('number');
      expect(bars[0]?.volume).to.be.a('number');
    });

    it('turns exchange-local intraday times into UTC bar starts', async () => {
      const { provider } = await openProvider(server, key);

      const bars = await provider.fetchBars({
        symbol: 'AAPL',
        interval: '1h',
        from: '2026-03-06',
        to: '2026-03-09',
      });

      const first = bars.filter((b) => b.timestamp.endsWith(':30:00.000Z')).slice(0, 1);
      expect(first.map((b) => b.timestamp)).to.deep.equal(['2026-03-06T14:30:00.000Z']);
      expect(bars.map((b) => b.timestamp)).to.include('2026-03-09T13:30:00.000Z');
      expect(bars.every((b) => b.date === null)).to.equal(true);
      expect(bars).to.have.length(14);
    });

    it('walks back page by page when a range holds more than 5000 rows', async () => {
      const { provider } = await openProvider(server, key);
      const before = server.requests.length;
      const first = intradaySessions[0] ?? '';
      const last = intradaySessions.at(-1) ?? '';

      const bars = await provider.fetchBars({
        symbol: 'MSFT',
        interval: '1m',
        from: first,
        to: last,
      });

      const calls = server.requests.slice(before);
      expect(calls).to.have.length(2);
      expect(bars).to.have.length(intradaySessions.length * 390);
      const times = bars.map((b) => b.timestamp);
      expect(new Set(times).size).to.equal(times.length);
      expect(times).to.deep.equal([...times].sort());
      // The second page ends at the first page's oldest row, written as start_date wants it.
      expect(calls[1]?.query.get('end_date')).to.match(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:00$/);
    });

    it('returns no bars for a range without trading ("No data is available")', async () => {
      const { provider } = await openProvider(server, key);

      const bars = await provider.fetchBars({
        symbol: 'AAPL',
        interval: '1d',
        from: '2025-06-01',
        to: '2025-06-30',
      });

      expect(bars).to.deep.equal([]);
    });

    it('throws not_found for an unknown symbol', async () => {
      const { provider } = await openProvider(server, key);

      const error = await failureOf(
        provider.fetchBars({
          symbol: 'NOPE',
          interval: '1d',
          from: '2026-03-02',
          to: '2026-03-06',
        }),
      );

      expect(error.failure?.kind).to.equal('not_found');
    });

    it('throws the daily quota with its reset at 00:00 UTC', async () => {
      const { provider } = await openProvider(server, 'key-daily-quota');

      const error = await failureOf(
        provider.fetchBars({
          symbol: 'AAPL',
          interval: '1d',
          from: '2026-03-02',
          to: '2026-03-06',
        }),
      );

      // The clock is 15:00 UTC: nine hours to midnight.
      expect(error.failure).to.deep.include({ kind: 'rate_limited', quota: 'day' });
      expect(error.failure?.retryAfterMs).to.equal(9 * 3_600_000);
    });

    it('rejects an interval it does not serve, before any call', async () => {
      const { provider } = await openProvider(server, key);
      const before = server.requests.length;

      const error = await failureOf(
        provider.fetchBars({
          symbol: 'AAPL',
          interval: '3m',
          from: '2026-03-02',
          to: '2026-03-06',
        }),
      );

      expect(error.code).to.equal('SP_ERR_PROVIDER_BAD_REQUEST');
      expect(error.hint).to.contain('1m, 5m');
      expect(server.requests.length).to.equal(before);
    });

    it('rejects bounds that are not dates or instants, and a start after the end', async () => {
      const { provider } = await openProvider(server, key);
      const ask = (from: string, to: string) =>
        failureOf(provider.fetchBars({ symbol: 'AAPL', interval: '1d', from, to }));

      for (const [from, to] of [
        ['2026-02-30', '2026-03-06'],
        ['2026-03-02', 'yesterday'],
        ['2026-03-06', '2026-03-02'],
      ] as const) {
        expect((await ask(from, to)).failure?.kind, `${from}..${to}`).to.equal('bad_request');
      }
    });
  });

  describe('fetchBars() against other exchanges and endless history', () => {
    let other: FakeServer;

    before(async () => {
      other = await startFakeServer((request) => {
        const end = request.query.get('end_date') ?? '';
        if (request.query.get('symbol') === 'VOD') {
          const meta = { symbol: 'VOD', interval: '1h', exchange_timezone: 'Europe/London' };
          const values = [
            { datetime: '2026-03-09 08:00:00', open: '1', high: '2', low: '0.5', close: '1.5' },
          ];
          return { body: { meta, values, status: 'ok' } };
        }
        // Endless minute history: every page is full and ends a minute before end_date.
        const endMs = Date.parse(`${end.replace(' ', 'T')}Z`);
        const values = Array.from({ length: maxOutputSize }, (_, i) => {
          const datetime = new Date(endMs - (i + 1) * 60_000)
            .toISOString()
            .slice(0, 19)
            .replace('T', ' ');
          return { datetime, open: '1', high: '1', low: '1', close: '1', volume: '1' };
        });
        return { body: { meta: { exchange_timezone: 'UTC' }, values, status: 'ok' } };
      });
    });

    after(async () => {
      await other.close();
    });

    it('reads times in the exchange time zone the meta names', async () => {
      const { provider } = await openProvider(other, key);

      const bars = await provider.fetchBars({
        symbol: 'VOD',
        interval: '1h',
        from: '2026-03-09',
        to: '2026-03-09',
      });

      expect(bars.map((b) => b.timestamp)).to.deep.equal(['2026-03-09T08:00:00.000Z']);
      expect(bars[0]?.volume).to.equal(null);
    });

    it(`refuses a range that needs more than ${maxPages} pages`, async () => {
      const { provider } = await openProvider(other, key);
      const before = other.requests.length;

      const error = await failureOf(
        provider.fetchBars({ symbol: 'SPY', interval: '1m', from: '2024-01-02', to: '2026-03-06' }),
      );

      expect(error.failure?.kind).to.equal('bad_request');
      expect(error.message).to.contain('more than 100000 rows');
      expect(other.requests.length - before).to.equal(maxPages);
    });
  });
});
