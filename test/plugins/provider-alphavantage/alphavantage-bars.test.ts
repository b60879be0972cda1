import { expect } from 'chai';
import type { StockpollerError } from '../../../core/errors/index.js';
import type { FakeReply } from '../../helpers/fake-server.js';
import { freePlanKey } from './fake-api.js';
import { failureOf } from '../../helpers/provider-harness.js';
import { testKey, useAlphaVantageHarness } from './harness.js';

describe('alphavantage provider', () => {
  const h = useAlphaVantageHarness();

  describe('fetchBars() daily', () => {
    it('serves a recent range from the compact series, newest first made oldest first', async () => {
      const { provider } = await h.providerWith({ plan: 'free' });
      const bars = await provider.fetchBars({
        symbol: 'IBM',
        interval: '1d',
        from: '2026-03-05',
        to: '2026-03-10',
      });

      expect(h.lastQuery()).to.deep.equal({
        function: 'TIME_SERIES_DAILY',
        symbol: 'IBM',
        outputsize: 'compact',
        apikey: testKey,
      });
      // Across the DST change of 2026-03-08; 2026-03-10 is still trading.
      expect(bars.map((b) => [b.date, b.timestamp])).to.deep.equal([
        ['2026-03-05', '2026-03-05T05:00:00.000Z'],
        ['2026-03-06', '2026-03-06T05:00:00.000Z'],
        ['2026-03-09', '2026-03-09T04:00:00.000Z'],
      ]);
      expect(bars[0]).to.include({ interval: '1d', provider: 'alphavantage', symbol: 'IBM' });
      expect(bars[0]?.volume).to.be.a('number');
    });

    it('fails an old range on the free plan as plan_required instead of returning it short', async () => {
      const { provider } = await h.providerWith({ plan: 'free' });
      const error = await failureOf(
        provider.fetchBars({ symbol: 'IBM', interval: '1d', from: '2025-09-02', to: '2025-09-05' }),
      );

      expect(error.failure?.kind).to.equal('plan_required');
      expect(h.fake.requests.map((r) => r.query.get('outputsize'))).to.deep.equal(['compact']);
    });

    it('asks a premium plan for the full series for an old range', async () => {
      const { provider } = await h.providerWith();
      const bars = await provider.fetchBars({
        symbol: 'IBM',
        interval: '1d',
        from: '2025-09-02',
        to: '2025-09-05',
      });

      expect(h.fake.requests.map((r) => r.query.get('outputsize'))).to.deep.equal(['full']);
      expect(bars.map((b) => b.date)).to.deep.equal([
        '2025-09-02',
        '2025-09-03',
        '2025-09-04',
        '2025-09-05',
      ]);
    });

    it('falls back to the full series when compact falls just short', async () => {
      const { provider } = await h.providerWith();
      const bars = await provider.fetchBars({
        symbol: 'IBM',
        interval: '1d',
        from: '2025-10-21',
        to: '2025-10-22',
      });

      expect(h.fake.requests.map((r) => r.query.get('outputsize'))).to.deep.equal([
        'compact',
        'full',
      ]);
      expect(bars.map((b) => b.date)).to.deep.equal(['2025-10-21', '2025-10-22']);
    });

    it('counts a range starting on a weekend as covered by a series starting the Monday after', async () => {
      const rows = Array.from({ length: 100 }, (_, i): [string, Record<string, string>] => {
        const day = new Date(
          Date.parse('2025-10-20T00:00:00Z') +
            Math.floor(i / 5) * 7 * 86_400_000 +
            (i % 5) * 86_400_000,
        );
        return [
          day.toISOString().slice(0, 10),
          {
            '1. open': '1.0',
            '2. high': '2.0',
            '3. low': '0.5',
            '4. close': '1.5',
            '5. volume': '10',
          },
        ];
      });
      h.fake.override(() => ({
        body: { 'Meta Data': {}, 'Time Series (Daily)': Object.fromEntries(rows) },
      }));
      const { provider } = await h.providerWith({ plan: 'free' });
      const bars = await provider.fetchBars({
        symbol: 'IBM',
        interval: '1d',
        from: '2025-10-18',
        to: '2025-10-21',
      });

      expect(bars.map((b) => b.date)).to.deep.equal(['2025-10-20', '2025-10-21']);
    });

    it('scales open, high and low like the close with adjusted bars', async () => {
      const { provider } = await h.providerWith({ adjusted: true });
      const [before] = await provider.fetchBars({
        symbol: 'IBM',
        interval: '1d',
        from: '2026-01-14',
        to: '2026-01-14',
      });
      const [after] = await provider.fetchBars({
        symbol: 'IBM',
        interval: '1d',
        from: '2026-01-15',
        to: '2026-01-15',
      });
      const raw = await h.providerWith();
      const [rawBefore] = await raw.provider.fetchBars({
        symbol: 'IBM',
        interval: '1d',
        from: '2026-01-14',
        to: '2026-01-14',
      });

      expect(h.fake.requests[0]?.query.get('function')).to.equal('TIME_SERIES_DAILY_ADJUSTED');
      expect(before?.close).to.be.closeTo((rawBefore?.close ?? 0) * 0.98, 0.0001);
      expect(before?.open).to.be.closeTo((rawBefore?.open ?? 0) * 0.98, 0.0001);
      expect(before?.volume).to.equal(rawBefore?.volume);
      expect(after?.close).to.be.a('number');
    });

    it('fails an unknown symbol as not_found and adjusted bars on a free key as plan_required', async () => {
      const { provider } = await h.providerWith();
      const unknown = await failureOf(
        provider.fetchBars({
          symbol: 'ZZZZQ',
          interval: '1d',
          from: '2026-03-02',
          to: '2026-03-06',
        }),
      );
      const free = await h.providerWith({ apiKey: freePlanKey, plan: 'free', adjusted: true });
      const plan = await failureOf(
        free.provider.fetchBars({
          symbol: 'IBM',
          interval: '1d',
          from: '2026-03-02',
          to: '2026-03-06',
        }),
      );

      expect(unknown.failure?.kind).to.equal('not_found');
      expect(plan.failure?.kind).to.equal('plan_required');
    });
  });

  describe('fetchBars() intraday', () => {
    it('serves a recent range from the compact series, US/Eastern keys turned into UTC bar starts', async () => {
      const { provider } = await h.providerWith();
      const bars = await provider.fetchBars({
        symbol: 'AAPL',
        interval: '5m',
        from: '2026-03-10T13:30:00Z',
        to: '2026-03-10T14:30:00Z',
      });

      expect(h.lastQuery()).to.deep.equal({
        function: 'TIME_SERIES_INTRADAY',
        symbol: 'AAPL',
        interval: '5min',
        adjusted: 'false',
        extended_hours: 'false',
        outputsize: 'compact',
        apikey: testKey,
      });
      expect(bars).to.have.length(13);
      expect(bars[0]).to.include({
        timestamp: '2026-03-10T13:30:00.000Z',
        date: null,
        interval: '5m',
      });
      expect(bars.at(-1)?.timestamp).to.equal('2026-03-10T14:30:00.000Z');
    });

    it('leaves out the bar still forming', async () => {
      const { provider } = await h.providerWith();
      const bars = await provider.fetchBars({
        symbol: 'AAPL',
        interval: '5m',
        from: '2026-03-10T14:50:00Z',
        to: '2026-03-10T15:00:00Z',
      });

      expect(bars.map((b) => b.timestamp)).to.deep.equal([
        '2026-03-10T14:50:00.000Z',
        '2026-03-10T14:55:00.000Z',
      ]);
    });

    it('fetches an older range month by month, across the EST stamps of winter', async () => {
      const { provider } = await h.providerWith({ extendedHours: true, adjusted: true });
      const bars = await provider.fetchBars({
        symbol: 'AAPL',
        interval: '1h',
        from: '2026-01-30T23:00:00Z',
        to: '2026-02-02T10:00:00Z',
      });

      expect(
        h.fake.requests.map((r) => [
          r.query.get('month'),
          r.query.get('outputsize'),
          r.query.get('interval'),
        ]),
      ).to.deep.equal([
        ['2026-01', 'full', '60min'],
        ['2026-02', 'full', '60min'],
      ]);
      expect(h.fake.requests[0]?.query.get('extended_hours')).to.equal('true');
      expect(h.fake.requests[0]?.query.get('adjusted')).to.equal('true');
      // 2026-01-30 18:00 and 19:00 EST (post-market), 2026-02-02 04:00 and 05:00 EST (pre-market).
      expect(bars.map((b) => b.timestamp)).to.deep.equal([
        '2026-01-30T23:00:00.000Z',
        '2026-01-31T00:00:00.000Z',
        '2026-02-02T09:00:00.000Z',
        '2026-02-02T10:00:00.000Z',
      ]);
    });

    it('refuses a range of more than 24 months without a call', async () => {
      const { provider } = await h.providerWith();
      const error = await failureOf(
        provider.fetchBars({
          symbol: 'AAPL',
          interval: '1m',
          from: '2023-01-01',
          to: '2026-03-01',
        }),
      );

      expect(error.failure?.kind).to.equal('bad_request');
      expect(h.fake.requests).to.have.length(0);
    });

    it('reads keys in the zone the Meta Data names, US/Eastern when it names none', async () => {
      const row = {
        '1. open': '1.0',
        '2. high': '2.0',
        '3. low': '0.5',
        '4. close': '1.5',
        '5. volume': '10',
      };
      const series = { 'Time Series (5min)': { '2026-03-10 09:30:00': row } };
      const range = {
        symbol: 'AAPL',
        interval: '5m',
        from: '2026-03-10T00:00:00Z',
        to: '2026-03-10T14:00:00Z',
      };
      const { provider } = await h.providerWith();
      const answers: FakeReply[] = [
        { body: { 'Meta Data': { '6. Time Zone': 'UTC' }, ...series } },
        { body: { 'Meta Data': {}, ...series } },
        { body: { 'Meta Data': { '6. Time Zone': 'Mars/Olympus' }, ...series } },
      ];
      const results: (string | undefined)[] = [];
      for (const reply of answers) {
        h.fake.override(() => reply);
        const bars = await provider
          .fetchBars(range)
          .catch((error: unknown) => [(error as StockpollerError).failure?.kind]);
        results.push(typeof bars[0] === 'string' ? bars[0] : bars[0]?.timestamp);
      }

      expect(results).to.deep.equal([
        '2026-03-10T09:30:00.000Z',
        '2026-03-10T13:30:00.000Z',
        'malformed',
      ]);
    });

    it('rejects a series missing a price, and intervals it does not serve', async () => {
      h.fake.override(() => ({
        body: {
          'Meta Data': {},
          'Time Series (5min)': { '2026-03-10 09:30:00': { '1. open': '1.0' } },
        },
      }));
      const { provider } = await h.providerWith();
      const missing = await failureOf(
        provider.fetchBars({
          symbol: 'AAPL',
          interval: '5m',
          from: '2026-03-10T13:00:00Z',
          to: '2026-03-10T14:00:00Z',
        }),
      );
      const twoHours = await failureOf(
        provider.fetchBars({
          symbol: 'AAPL',
          interval: '2h',
          from: '2026-03-02',
          to: '2026-03-06',
        }),
      );

      expect(missing.failure?.kind).to.equal('malformed');
      expect(twoHours.failure?.kind).to.equal('bad_request');
    });

    it('rejects a reversed range and bounds that are not dates or instants, without a call', async () => {
      const { provider } = await h.providerWith();
      const requests = [
        { from: '2026-03-06', to: '2026-03-02' },
        { from: '2026-03-02', to: '2026-02-30' },
        { from: 'last week', to: '2026-03-06' },
        { from: '2026-03-02T09:30', to: '2026-03-06' },
      ];
      const kinds: (string | undefined)[] = [];
      for (const range of requests) {
        const error = await failureOf(
          provider.fetchBars({ symbol: 'AAPL', interval: '1d', ...range }),
        );
        kinds.push(error.failure?.kind);
      }

      expect(kinds).to.deep.equal(['bad_request', 'bad_request', 'bad_request', 'bad_request']);
      expect(h.fake.requests).to.have.length(0);
    });
  });
});
