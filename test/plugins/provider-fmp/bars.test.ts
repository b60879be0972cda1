import { expect } from 'chai';
import type { FakeServer } from '../../helpers/fake-server.js';
import { startFmpFake } from './fake-api.js';
import { eodRows, intradaySessions } from './fixtures.js';
import { failureOf } from '../../helpers/provider-harness.js';
import { closeProviders, openProvider } from './harness.js';

const key = 'fmp-bars-key-0123456789';

describe('fmp provider bars', () => {
  let server: FakeServer;

  before(async () => {
    server = await startFmpFake();
  });

  afterEach(closeProviders);

  after(async () => {
    await server.close();
  });

  describe('fetchBars()', () => {
    it('asks /historical-price-eod/full with symbol, from and to, and sorts the newest-first rows', async () => {
      const { provider } = await openProvider(server, key);
      const before = server.requests.length;

      const bars = await provider.fetchBars({
        symbol: 'AAPL',
        interval: '1d',
        from: '2026-03-05',
        to: '2026-03-09',
      });

      const [call] = server.requests.slice(before);
      expect(call?.path).to.equal('/stable/historical-price-eod/full');
      expect(Object.fromEntries(call?.query ?? [])).to.deep.equal({
        symbol: 'AAPL',
        from: '2026-03-05',
        to: '2026-03-09',
        apikey: key,
      });
      expect(bars.map((b) => [b.date, b.timestamp])).to.deep.equal([
        ['2026-03-05', '2026-03-05T05:00:00.000Z'],
        ['2026-03-06', '2026-03-06T05:00:00.000Z'],
        ['2026-03-09', '2026-03-09T04:00:00.000Z'],
      ]);
      const row = eodRows('AAPL').find((r) => r.date === '2026-03-05');
      expect(bars[0]).to.deep.include({
        open: row?.open,
        close: row?.close,
        volume: row?.volume,
        vwap: row?.vwap,
      });
    });

    it('reads adjOpen..adjClose from the dividend-adjusted and unadjusted endpoints', async () => {
      const dividend = await openProvider(server, key, { adjustment: 'dividend' });
      const none = await openProvider(server, key, { adjustment: 'none' });
      const before = server.requests.length;
      const request = { symbol: 'AAPL', interval: '1d', from: '2026-03-05', to: '2026-03-05' };

      const [adjusted] = await dividend.provider.fetchBars(request);
      const [asTraded] = await none.provider.fetchBars(request);

      expect(server.requests.slice(before).map((r) => r.path)).to.deep.equal([
        '/stable/historical-price-eod/dividend-adjusted',
        '/stable/historical-price-eod/non-split-adjusted',
      ]);
      const open = Number(eodRows('AAPL').find((r) => r.date === '2026-03-05')?.open);
      expect(adjusted?.open).to.equal(Math.round(open * 0.98 * 100) / 100);
      expect(asTraded?.open).to.equal(Math.round(open * 4 * 100) / 100);
      expect(adjusted).to.not.have.property('vwap');
    });

    it('turns New York intraday times into UTC bar starts, across DST', async () => {
      const { provider } = await openProvider(server, key);
      const before = server.requests.length;

      const bars = await provider.fetchBars({
        symbol: 'MSFT',
        interval: '1h',
        from: '2026-03-06',
        to: '2026-03-09',
      });

      expect(server.requests[before]?.path).to.equal('/stable/historical-chart/1hour');
      expect(bars).to.have.length(14);
      expect(bars[0]?.timestamp).to.equal('2026-03-06T14:30:00.000Z');
      expect(bars[7]?.timestamp).to.equal('2026-03-09T13:30:00.000Z');
      expect(bars.every((b) => b.date === null && b.interval === '1h')).to.equal(true);
    });

    it('reads intraday times in the configured intradayTimeZone', async () => {
      const { provider } = await openProvider(server, key, { intradayTimeZone: 'UTC' });

      const bars = await provider.fetchBars({
        symbol: 'MSFT',
        interval: '5m',
        from: '2026-03-09T09:30:00Z',
        to: '2026-03-09T15:55:00Z',
      });

      expect(bars).to.have.length(78);
      expect(bars[0]?.timestamp).to.equal('2026-03-09T09:30:00.000Z');
    });

    it('splits a long minute range into spans of three days', async () => {
      const { provider } = await openProvider(server, key);
      const before = server.requests.length;

      const bars = await provider.fetchBars({
        symbol: 'MSFT',
        interval: '1m',
        from: '2026-03-02',
        to: '2026-03-10',
      });

      const spans = server.requests
        .slice(before)
        .map((r) => [r.query.get('from'), r.query.get('to')]);
      expect(spans).to.deep.equal([
        ['2026-03-02', '2026-03-04'],
        ['2026-03-05', '2026-03-07'],
        ['2026-03-08', '2026-03-10'],
      ]);
      expect(bars).to.have.length(intradaySessions.length * 390);
      const times = bars.map((b) => b.timestamp);
      expect(times).to.deep.equal([...times].sort());
    });

    it('refuses a range that needs more than 40 calls, before any call', async () => {
      const { provider } = await openProvider(server, key);
      const before = server.requests.length;

      const error = await failureOf(
        provider.fetchBars({
          symbol: 'MSFT',
          interval: '1m',
          from: '2025-01-02',
          to: '2026-03-06',
        }),
      );

      expect(error.failure?.kind).to.equal('bad_request');
      expect(server.requests.length).to.equal(before);
    });

    it('fails an unknown symbol, which FMP answers with [], as no_data', async () => {
      const { provider } = await openProvider(server, key);

      const error = await failureOf(
        provider.fetchBars({
          symbol: 'NOPE',
          interval: '1d',
          from: '2026-03-02',
          to: '2026-03-06',
        }),
      );

      expect(error.failure).to.include({ kind: 'no_data', retryable: false });
    });

    it('throws plan_required for a plan wall (plain-text 402)', async () => {
      const { provider } = await openProvider(server, 'key-plan-required');

      const error = await failureOf(
        provider.fetchBars({
          symbol: 'AAPL',
          interval: '5m',
          from: '2026-03-09',
          to: '2026-03-09',
        }),
      );

      expect(error.failure).to.deep.include({ kind: 'plan_required', status: 402 });
      expect(error.message).to.contain('Premium Query Parameter');
    });

    it('rejects bounds that are not dates or instants, and a start after the end', async () => {
      const { provider } = await openProvider(server, key);
      const ask = (from: string, to: string) =>
        failureOf(provider.fetchBars({ symbol: 'AAPL', interval: '1d', from, to }));

      for (const [from, to] of [
        ['2026-02-30', '2026-03-06'],
        ['2026-03-02', '2026-03-06 10:00'],
        ['2026-03-06T00:00:00Z', '2026-03-02T00:00:00Z'],
      ] as const) {
        expect((await ask(from, to)).failure?.kind, `${from}..${to}`).to.equal('bad_request');
      }
    });

    it('rejects an interval FMP does not serve', async () => {
      const { provider } = await openProvider(server, key);

      const error = await failureOf(
        provider.fetchBars({
          symbol: 'AAPL',
          interval: '2h',
          from: '2026-03-09',
          to: '2026-03-09',
        }),
      );

      expect(error.failure?.kind).to.equal('bad_request');
      expect(error.hint).to.contain('1d, 1m, 5m, 15m, 30m, 1h, 4h');
    });
  });
});
