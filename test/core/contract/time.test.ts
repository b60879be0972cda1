import { expect } from 'chai';
import {
  parseInterval,
  toIsoUtc,
  tradingDateOf,
  zonedMidnightUtc,
} from '../../../core/contract/time.js';

const newYork = 'America/New_York';

function midnightIso(date: string, timeZone: string): string {
  return toIsoUtc(zonedMidnightUtc(date, timeZone));
}

describe('contract time helpers', () => {
  describe('toIsoUtc()', () => {
    it('writes UTC with exactly three fraction digits', () => {
      expect(toIsoUtc(Date.UTC(2026, 0, 2, 15, 4, 5))).to.equal('2026-01-02T15:04:05.000Z');
    });

    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, 8.64e15 + 1]) {
      it(`rejects ${String(bad)}`, () => {
        expect(() => toIsoUtc(bad))
          .to.throw(/not a valid instant/)
          .with.property('code', 'SP_ERR_CONTRACT_BAD_TIME');
      });
    }

    it('rejects instants past the year 9999', () => {
      expect(() => toIsoUtc(Date.UTC(10000, 0, 1))).to.throw(/0000-9999/);
    });
  });

  describe('zonedMidnightUtc()', () => {
    it('finds New York midnight on the Monday after clocks sprang forward (EDT, 04:00Z)', () => {
      expect(midnightIso('2026-03-09', newYork)).to.equal('2026-03-09T04:00:00.000Z');
    });

    it('finds New York midnight on the day clocks spring forward, still EST (05:00Z)', () => {
      expect(midnightIso('2026-03-08', newYork)).to.equal('2026-03-08T05:00:00.000Z');
    });

    it('finds New York midnight on the Monday after clocks fell back (EST, 05:00Z)', () => {
      expect(midnightIso('2026-11-02', newYork)).to.equal('2026-11-02T05:00:00.000Z');
    });

    it('finds New York midnight on the day clocks fall back, still EDT (04:00Z)', () => {
      expect(midnightIso('2026-11-01', newYork)).to.equal('2026-11-01T04:00:00.000Z');
    });

    it('handles zones east of UTC and half-hour offsets', () => {
      expect(midnightIso('2026-03-09', 'Asia/Kolkata')).to.equal('2026-03-08T18:30:00.000Z');
      expect(midnightIso('2026-03-09', 'UTC')).to.equal('2026-03-09T00:00:00.000Z');
    });

    it('returns the first instant of a day whose midnight was skipped', () => {
      // Sao Paulo sprang forward at 00:00 on 2018-11-04: the day began at 01:00 -02:00.
      expect(midnightIso('2018-11-04', 'America/Sao_Paulo')).to.equal('2018-11-04T03:00:00.000Z');
    });

    it('returns the first of two midnights when clocks fall back at midnight', () => {
      // Sao Paulo fell back at 00:00 on 2018-02-18, from -02:00 to -03:00.
      expect(midnightIso('2018-02-18', 'America/Sao_Paulo')).to.equal('2018-02-18T03:00:00.000Z');
    });

    for (const bad of ['2026-02-30', '2026-3-9', '09/03/2026', '']) {
      it(`rejects the date "${bad}"`, () => {
        expect(() => zonedMidnightUtc(bad, newYork))
          .to.throw(/not a calendar date/)
          .with.property('code', 'SP_ERR_CONTRACT_BAD_TIME');
      });
    }

    it('rejects an unknown time zone', () => {
      expect(() => zonedMidnightUtc('2026-03-09', 'Mars/Olympus_Mons'))
        .to.throw(/not a time zone/)
        .with.property('code', 'SP_ERR_CONTRACT_BAD_TIME');
    });
  });

  describe('tradingDateOf()', () => {
    it('switches date at New York midnight, in winter and in summer', () => {
      expect(tradingDateOf(Date.parse('2026-01-15T04:59:59.999Z'), newYork)).to.equal('2026-01-14');
      expect(tradingDateOf(Date.parse('2026-01-15T05:00:00.000Z'), newYork)).to.equal('2026-01-15');
      expect(tradingDateOf(Date.parse('2026-07-15T03:59:59.999Z'), newYork)).to.equal('2026-07-14');
      expect(tradingDateOf(Date.parse('2026-07-15T04:00:00.000Z'), newYork)).to.equal('2026-07-15');
    });

    it('agrees with zonedMidnightUtc() across both clock changes', () => {
      for (const date of ['2026-03-08', '2026-03-09', '2026-11-01', '2026-11-02']) {
        const midnight = zonedMidnightUtc(date, newYork);

        expect(tradingDateOf(midnight, newYork)).to.equal(date);
        expect(tradingDateOf(midnight - 1, newYork)).to.not.equal(date);
      }
    });

    it('rejects NaN', () => {
      expect(() => tradingDateOf(Number.NaN, newYork)).to.throw(/not a valid instant/);
    });
  });

  describe('parseInterval()', () => {
    it('gives minutes and hours a length in milliseconds', () => {
      expect(parseInterval('5m')).to.deep.equal({ count: 5, unit: 'm', ms: 300_000 });
      expect(parseInterval('1h')).to.deep.equal({ count: 1, unit: 'h', ms: 3_600_000 });
    });

    it('gives calendar units no fixed length', () => {
      expect(parseInterval('1d')).to.deep.equal({ count: 1, unit: 'd' });
      expect(parseInterval('2w')).to.deep.equal({ count: 2, unit: 'w' });
      expect(parseInterval('1mo')).to.deep.equal({ count: 1, unit: 'mo' });
    });

    for (const bad of ['0m', '5x', '', 'm', '1M', '05m', '1 h']) {
      it(`rejects "${bad}"`, () => {
        expect(() => parseInterval(bad))
          .to.throw(/is not a bar interval/)
          .with.property('code', 'SP_ERR_CONTRACT_BAD_TIME');
      });
    }
  });
});
