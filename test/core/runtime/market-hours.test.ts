import { expect } from 'chai';
import type { MarketHoursConfig } from '../../../core/config/manifest.js';
import { marketWindowAt, type MarketWindow } from '../../../core/runtime/market-hours.js';

const regular: MarketHoursConfig = {
  exchange: 'XNYS',
  sessions: ['regular'],
  whenClosed: 'sleep',
  heartbeatEvery: '1m',
};

/** The window at a New York wall-clock time of 2026 (EST before 03-08 and after 11-01). */
function windowAt(config: MarketHoursConfig, instant: string): Record<string, unknown> {
  const window: MarketWindow = marketWindowAt(config, Date.parse(instant));
  return window.open
    ? { open: true, phase: window.phase, closesAt: new Date(window.closesAt).toISOString() }
    : { open: false, phase: window.phase, opensAt: new Date(window.opensAt).toISOString() };
}

describe('market hours', () => {
  describe('marketWindowAt()', () => {
    it('is open in the regular session until 16:00 New York', () => {
      expect(windowAt(regular, '2026-11-25T15:00:00.000Z')).to.deep.equal({
        open: true,
        phase: 'regular',
        closesAt: '2026-11-25T21:00:00.000Z',
      });
    });

    it('is closed on Thanksgiving (2026-11-26) until the next morning', () => {
      expect(windowAt(regular, '2026-11-26T15:00:00.000Z')).to.deep.equal({
        open: false,
        phase: 'closed',
        opensAt: '2026-11-27T14:30:00.000Z',
      });
    });

    it('closes at 13:00 New York on the early close of 2026-11-27', () => {
      expect(windowAt(regular, '2026-11-27T17:59:59.999Z')).to.deep.equal({
        open: true,
        phase: 'regular',
        closesAt: '2026-11-27T18:00:00.000Z',
      });
      expect(windowAt(regular, '2026-11-27T18:00:00.000Z')).to.deep.equal({
        open: false,
        phase: 'post',
        opensAt: '2026-11-30T14:30:00.000Z',
      });
    });

    it('ends the post session at 17:00 after an early close', () => {
      const post = { ...regular, sessions: ['post' as const] };

      expect(windowAt(post, '2026-11-27T19:00:00.000Z')).to.deep.equal({
        open: true,
        phase: 'post',
        closesAt: '2026-11-27T22:00:00.000Z',
      });
    });

    it('polls the pre session alone from 04:00 to 09:30', () => {
      const pre = { ...regular, sessions: ['pre' as const] };

      expect(windowAt(pre, '2026-11-25T08:59:59.000Z')).to.deep.equal({
        open: false,
        phase: 'closed',
        opensAt: '2026-11-25T09:00:00.000Z',
      });
      expect(windowAt(pre, '2026-11-25T14:00:00.000Z')).to.deep.equal({
        open: true,
        phase: 'pre',
        closesAt: '2026-11-25T14:30:00.000Z',
      });
      expect(windowAt(pre, '2026-11-25T14:30:00.000Z')).to.deep.equal({
        open: false,
        phase: 'regular',
        opensAt: '2026-11-27T09:00:00.000Z',
      });
    });

    it('merges adjacent sessions into one run: pre, regular and post are 04:00 to 20:00', () => {
      const all = { ...regular, sessions: ['pre' as const, 'regular' as const, 'post' as const] };

      expect(windowAt(all, '2026-11-25T12:00:00.000Z')).to.deep.equal({
        open: true,
        phase: 'pre',
        closesAt: '2026-11-26T01:00:00.000Z',
      });
    });

    it('keeps pre and post apart when regular is not selected', () => {
      const edges = { ...regular, sessions: ['pre' as const, 'post' as const] };

      expect(windowAt(edges, '2026-11-25T15:00:00.000Z')).to.deep.equal({
        open: false,
        phase: 'regular',
        opensAt: '2026-11-25T21:00:00.000Z',
      });
    });

    it('sleeps over a weekend until Monday 09:30, after DST ended', () => {
      expect(windowAt(regular, '2026-10-30T20:00:00.000Z').open).to.equal(false);
      expect(windowAt(regular, '2026-10-31T12:00:00.000Z')).to.deep.equal({
        open: false,
        phase: 'closed',
        opensAt: '2026-11-02T14:30:00.000Z',
      });
    });

    it('throws SP_ERR_CONTRACT_BAD_TIME when no selected session comes within a year', () => {
      const none = { ...regular, sessions: [] };

      expect(() => marketWindowAt(none, Date.parse('2026-11-25T15:00:00.000Z')))
        .to.throw(/XNYS opens none of the sessions \[\] within 400 days/)
        .with.property('code', 'SP_ERR_CONTRACT_BAD_TIME');
    });
  });
});
