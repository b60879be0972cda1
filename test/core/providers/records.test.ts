import { expect } from 'chai';
import type { Bar } from '../../../core/contract/types.js';
import { providerFailure } from '../../../core/providers/failure.js';
import {
  buildQuote,
  chunk,
  failAll,
  outcomesInOrder,
  sortBars,
} from '../../../core/providers/records.js';

const at = Date.parse('2026-03-10T15:00:00.000Z');

describe('provider records', () => {
  describe('buildQuote()', () => {
    it('fills missing fields with null and derives change from the previous close', () => {
      const quote = buildQuote({
        symbol: 'AAA',
        provider: 'p',
        price: 110,
        previousClose: 100,
        timestampMs: at,
      });
      expect(quote).to.deep.equal({
        symbol: 'AAA',
        provider: 'p',
        price: 110,
        open: null,
        high: null,
        low: null,
        close: null,
        previousClose: 100,
        change: 10,
        changePercent: 10,
        volume: null,
        currency: null,
        timestamp: '2026-03-10T15:00:00.000Z',
      });
    });

    it('keeps the provider change and optional fields when given', () => {
      const quote = buildQuote({
        symbol: 'A',
        provider: 'p',
        price: 5,
        change: 1,
        changePercent: 25,
        bid: 4.9,
        ask: null,
        vwap: 5.1,
        timestampMs: at,
      });
      expect(quote).to.include({ change: 1, changePercent: 25, bid: 4.9, ask: null, vwap: 5.1 });
    });

    it('leaves change null without a previous close', () => {
      expect(buildQuote({ symbol: 'A', provider: 'p', price: 5, timestampMs: at })).to.include({
        change: null,
        changePercent: null,
      });
    });
  });

  describe('sortBars()', () => {
    it('sorts by start time and keeps one bar per time', () => {
      const bar = (timestamp: string, close: number): Bar => ({
        symbol: 'A',
        provider: 'p',
        interval: '1m',
        date: null,
        timestamp,
        open: 1,
        high: 2,
        low: 1,
        close,
        volume: 1,
      });
      const sorted = sortBars([
        bar('2026-01-02T15:00:00.000Z', 1),
        bar('2026-01-02T14:00:00.000Z', 2),
        bar('2026-01-02T15:00:00.000Z', 3),
      ]);
      expect(sorted.map((b) => [b.timestamp, b.close])).to.deep.equal([
        ['2026-01-02T14:00:00.000Z', 2],
        ['2026-01-02T15:00:00.000Z', 3],
      ]);
    });
  });

  describe('chunk()', () => {
    it('splits keeping order', () => {
      expect(chunk([1, 2, 3, 4, 5], 2)).to.deep.equal([[1, 2], [3, 4], [5]]);
      expect(chunk([1, 2], 0)).to.deep.equal([[1], [2]]);
    });
  });

  describe('outcomesInOrder() and failAll()', () => {
    it('gives each symbol its quote or the missing error, in request order', () => {
      const quote = buildQuote({ symbol: 'B', provider: 'p', price: 1, timestampMs: at });
      const outcomes = outcomesInOrder(['A', 'B'], new Map([['B', quote]]), (s) =>
        providerFailure('not_found', s),
      );
      expect(outcomes[0]?.error?.failure?.kind).to.equal('not_found');
      expect(outcomes[1]?.quote).to.equal(quote);
      expect(
        failAll(['A', 'B'], providerFailure('auth', 'x')).map((o) => o.error?.code),
      ).to.deep.equal(['SP_ERR_PROVIDER_AUTH', 'SP_ERR_PROVIDER_AUTH']);
    });
  });
});
