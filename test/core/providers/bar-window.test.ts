import { expect } from 'chai';
import type { Bar } from '../../../core/contract/types.js';
import type { StockpollerError } from '../../../core/errors/index.js';
import type { BarRequest } from '../../../core/plugins/types.js';
import {
  isBarComplete,
  isBarInWindow,
  noBarsFailure,
  parseBarWindow,
} from '../../../core/providers/bar-window.js';

const served = ['1d', '1m', '5m', '1h'];
const request = (changes: Partial<BarRequest> = {}): BarRequest => ({
  symbol: 'AAPL',
  interval: '1d',
  from: '2026-03-05',
  to: '2026-03-09',
  ...changes,
});
const parse = (changes: Partial<BarRequest> = {}) =>
  parseBarWindow(request(changes), { provider: 'acme', intervals: served });

function failureOf(run: () => unknown): StockpollerError {
  try {
    run();
  } catch (error) {
    return error as StockpollerError;
  }
  return expect.fail('expected a failure');
}

function barAt(timestamp: string, date: string | null, interval = '5m'): Bar {
  return {
    symbol: 'AAPL',
    provider: 'acme',
    interval,
    date,
    timestamp,
    open: 1,
    high: 1,
    low: 1,
    close: 1,
    volume: null,
  };
}

describe('bar windows', () => {
  describe('parseBarWindow()', () => {
    it('turns dates into whole New York days, first to last millisecond', () => {
      const window = parse();

      expect(window).to.deep.include({
        symbol: 'AAPL',
        interval: '1d',
        spec: '1d',
        daily: true,
        barMs: undefined,
        fromDate: '2026-03-05',
        toDate: '2026-03-09',
      });
      expect(new Date(window.fromMs).toISOString()).to.equal('2026-03-05T05:00:00.000Z');
      // The range ends after the switch to summer time: New York midnight is 04:00 UTC.
      expect(new Date(window.toMs).toISOString()).to.equal('2026-03-10T03:59:59.999Z');
    });

    it('reads instants with an offset or nanoseconds, and measures intraday bars', () => {
      const window = parse({
        interval: '5m',
        from: '2026-03-09T09:30:00-04:00',
        to: '2026-03-09T14:25:00.123456789Z',
      });

      expect(window).to.deep.include({ daily: false, barMs: 300_000, fromDate: '2026-03-09' });
      expect(window.fromMs).to.equal(Date.parse('2026-03-09T13:30:00.000Z'));
      expect(window.toMs).to.equal(Date.parse('2026-03-09T14:25:00.123Z'));
    });

    it("gives the provider's name of the interval when handed a map", () => {
      const window = parseBarWindow(request({ interval: '1h' }), {
        provider: 'acme',
        intervals: { '1h': { multiplier: 1, timespan: 'hour' }, '1d': { multiplier: 1 } },
      });

      expect(window.spec).to.deep.equal({ multiplier: 1, timespan: 'hour' });
      expect(window.barMs).to.equal(3_600_000);
    });

    it('refuses an interval not served, listing those that are', () => {
      const error = failureOf(() => parse({ interval: '2h' }));

      expect(error.failure).to.include({ kind: 'bad_request', retryable: false });
      expect(error.message).to.equal('acme serves no "2h" bars');
      expect(error.hint).to.equal('Ask for one of 1d, 1m, 5m, 1h.');
    });

    it('says so when the plan serves no bars at all', () => {
      const error = failureOf(() =>
        parseBarWindow(request(), { provider: 'acme', intervals: [] as string[] }),
      );

      expect(error.hint).to.equal('This plan serves no bars.');
    });

    it('refuses a range that ends before it starts', () => {
      const error = failureOf(() => parse({ from: '2026-03-10', to: '2026-03-09' }));

      expect(error.failure?.kind).to.equal('bad_request');
      expect(error.message).to.match(/starts \(2026-03-10\) after it ends \(2026-03-09\)/);
      expect(error.hint).to.equal('Swap from and to.');
    });

    const badBounds: [string, Partial<BarRequest>][] = [
      ['an impossible date', { to: '2026-02-30' }],
      ['an instant without a zone', { from: '2026-03-02T09:30' }],
      ['an impossible time of day', { to: '2026-03-09T25:00:00Z' }],
      ['words', { from: 'last week' }],
    ];
    for (const [what, changes] of badBounds) {
      it(`refuses ${what} as bad_request`, () => {
        const error = failureOf(() => parse(changes));

        expect(error.failure?.kind).to.equal('bad_request');
        expect(error.message).to.match(
          /^bar request (from|to) ".*" is neither a date nor an instant$/,
        );
        expect(error.hint).to.contain('YYYY-MM-DD');
      });
    }
  });

  describe('noBarsFailure()', () => {
    it('fails a daily range by its dates and an intraday one by its instants, as no_data', () => {
      const daily = noBarsFailure(parse());
      const intraday = noBarsFailure(
        parse({ interval: '5m', from: '2026-03-09T13:30:00Z', to: '2026-03-09T14:00:00Z' }),
        'Check the feed.',
      );

      expect(daily.failure).to.include({ kind: 'no_data', retryable: false });
      expect(daily.message).to.equal('1d bars of AAPL: none from 2026-03-05 to 2026-03-09');
      expect(daily.hint).to.contain('trading days');
      expect(intraday.message).to.equal(
        '5m bars of AAPL: none from 2026-03-09T13:30:00.000Z to 2026-03-09T14:00:00.000Z',
      );
      expect(intraday.hint).to.equal('Check the feed.');
    });
  });

  describe('isBarInWindow()', () => {
    it('keeps daily bars by trading date and intraday bars by start, bounds included', () => {
      const daily = parse();
      const intraday = parse({
        interval: '5m',
        from: '2026-03-09T13:30:00Z',
        to: '2026-03-09T13:40:00Z',
      });

      expect(isBarInWindow(barAt('2026-03-05T05:00:00.000Z', '2026-03-05', '1d'), daily)).to.equal(
        true,
      );
      expect(isBarInWindow(barAt('2026-03-04T05:00:00.000Z', '2026-03-04', '1d'), daily)).to.equal(
        false,
      );
      expect(isBarInWindow(barAt('2026-03-09T13:40:00.000Z', null), intraday)).to.equal(true);
      expect(isBarInWindow(barAt('2026-03-09T13:45:00.000Z', null), intraday)).to.equal(false);
      expect(isBarInWindow(barAt('2026-03-09T13:25:00.000Z', null), intraday)).to.equal(false);
    });
  });

  describe('isBarComplete()', () => {
    it('completes a daily bar at the 16:00 New York close', () => {
      const window = parse();
      const bar = barAt('2026-03-09T04:00:00.000Z', '2026-03-09', '1d');
      const closeMs = Date.parse('2026-03-09T20:00:00.000Z');

      expect(isBarComplete(bar, window, closeMs - 1)).to.equal(false);
      expect(isBarComplete(bar, window, closeMs)).to.equal(true);
    });

    it('completes an intraday bar when its interval has ended', () => {
      const window = parse({ interval: '5m', from: '2026-03-09', to: '2026-03-09' });
      const bar = barAt('2026-03-09T13:30:00.000Z', null);
      const endMs = Date.parse('2026-03-09T13:35:00.000Z');

      expect(isBarComplete(bar, window, endMs - 1)).to.equal(false);
      expect(isBarComplete(bar, window, endMs)).to.equal(true);
    });
  });
});
