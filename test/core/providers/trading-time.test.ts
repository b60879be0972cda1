import { expect } from 'chai';
import {
  addDays,
  firstInstant,
  formatNewYorkWallTime,
  parseInstant,
  readInstant,
  toDailyBarDate,
  toNewYorkDate,
  toSessionCloseMs,
} from '../../../core/providers/trading-time.js';

const iso = (epochMs: number): string => new Date(epochMs).toISOString();

describe('trading time', () => {
  describe('addDays()', () => {
    it('counts forward and back across months, years and leap days', () => {
      expect(addDays('2026-03-09', 1)).to.equal('2026-03-10');
      expect(addDays('2024-02-28', 1)).to.equal('2024-02-29');
      expect(addDays('2025-12-31', 1)).to.equal('2026-01-01');
      expect(addDays('2026-03-01', -1)).to.equal('2026-02-28');
      expect(addDays('2026-01-01', 1825)).to.equal('2030-12-31');
    });
  });

  describe('parseInstant()', () => {
    it('reads Z and offsets, with or without a colon, seconds or a fraction', () => {
      const expected = Date.parse('2025-03-12T14:59:00.000Z');

      expect(parseInstant('2025-03-12T14:59:00Z')).to.equal(expected);
      expect(parseInstant('2025-03-12T14:59Z')).to.equal(expected);
      expect(parseInstant('2025-03-12T10:59:00-04:00')).to.equal(expected);
      expect(parseInstant('2025-03-12T09:59:00-0500')).to.equal(expected);
      expect(parseInstant('2025-03-12t14:59:00z')).to.equal(expected);
      expect(parseInstant(' 2025-03-12T14:59:00+00:00 ')).to.equal(expected);
    });

    it('cuts fractions to the millisecond instead of rounding them', () => {
      const expected = Date.parse('2025-03-12T14:59:59.123Z');

      expect(parseInstant('2025-03-12T14:59:59.123999999Z')).to.equal(expected);
      expect(parseInstant('2025-03-12T10:59:59.1239-04:00')).to.equal(expected);
      expect(parseInstant('2025-03-12T14:59:59.1Z')).to.equal(expected - 23);
    });

    for (const text of [
      '2025-03-12T14:59:00',
      '2025-03-12 14:59:00Z',
      '2025-03-12',
      '2025-03-12T25:00:00Z',
      'yesterday',
      '',
    ]) {
      it(`gives undefined for ${JSON.stringify(text)}`, () => {
        expect(parseInstant(text)).to.equal(undefined);
      });
    }
  });

  describe('firstInstant()', () => {
    it('takes the first candidate that is a readable instant', () => {
      const expected = Date.parse('2025-03-12T14:59:00.000Z');

      expect(firstInstant([null, 'soon', '2025-03-12T14:59:00Z', '2026-01-01T00:00Z'])).to.equal(
        expected,
      );
      expect(firstInstant([undefined, 12, '2025-03-12 14:59'])).to.equal(undefined);
    });
  });

  describe('readInstant()', () => {
    it('cuts fractions to the millisecond and honours offsets', () => {
      const expected = Date.parse('2025-03-12T14:59:59.123Z');

      expect(readInstant('2025-03-12T14:59:59.123999999Z', 't')).to.equal(expected);
      expect(readInstant('2025-03-12T10:59:59.1239-04:00', 't')).to.equal(expected);
      expect(readInstant('2025-03-12T14:59:59Z', 't')).to.equal(expected - 123);
    });

    const broken: unknown[] = [
      '2025-03-12 14:59:59Z',
      '2025-03-12T14:59:59',
      1741791599,
      '2025-02-30T25:00:00Z',
    ];
    for (const value of broken) {
      it(`fails ${JSON.stringify(value)} as malformed`, () => {
        expect(() => readInstant(value, 'latestTrade.t'))
          .to.throw(/RFC-3339/)
          .with.nested.property('failure.kind', 'malformed');
      });
    }

    it('names undefined when the time is missing', () => {
      expect(() => readInstant(undefined, 'bar t')).to.throw(/bar t .*undefined/);
    });
  });

  describe('toNewYorkDate()', () => {
    it('gives the New York date on either side of New York midnight', () => {
      expect(toNewYorkDate(Date.parse('2025-11-04T04:59:59.999Z'))).to.equal('2025-11-03');
      expect(toNewYorkDate(Date.parse('2025-11-04T05:00:00.000Z'))).to.equal('2025-11-04');
      expect(toNewYorkDate(Date.parse('2025-03-12T03:59:59.999Z'))).to.equal('2025-03-11');
      expect(toNewYorkDate(Date.parse('2025-03-12T04:00:00.000Z'))).to.equal('2025-03-12');
      expect(toNewYorkDate(Date.parse('2025-01-15T04:30:00.000Z'))).to.equal('2025-01-14');
    });

    it('answers the same from its cache as on first asking', () => {
      const epochMs = Date.parse('2025-06-30T03:15:00.000Z');

      expect(toNewYorkDate(epochMs)).to.equal('2025-06-29');
      expect(toNewYorkDate(epochMs + 60_000)).to.equal('2025-06-29');
    });
  });

  describe('toDailyBarDate()', () => {
    it('reads an exact UTC midnight as its UTC date', () => {
      expect(toDailyBarDate(Date.parse('2025-03-06T00:00:00.000Z'))).to.equal('2025-03-06');
    });

    it('reads 00:00 and 16:00 New York stamps in New York', () => {
      expect(toDailyBarDate(Date.parse('2025-03-06T05:00:00.000Z'))).to.equal('2025-03-06');
      expect(toDailyBarDate(Date.parse('2025-03-06T21:00:00.000Z'))).to.equal('2025-03-06');
      expect(toDailyBarDate(Date.parse('2025-07-07T04:00:00.000Z'))).to.equal('2025-07-07');
    });
  });

  describe('toSessionCloseMs()', () => {
    it('is 16:00 New York in winter and in summer time', () => {
      expect(iso(toSessionCloseMs('2025-03-07', 'x'))).to.equal('2025-03-07T21:00:00.000Z');
      expect(iso(toSessionCloseMs('2025-11-03', 'x'))).to.equal('2025-11-03T21:00:00.000Z');
      expect(iso(toSessionCloseMs('2025-10-31', 'x'))).to.equal('2025-10-31T20:00:00.000Z');
    });

    it('is 16:00 New York on both sides of the March switch, and on the switch day', () => {
      expect(iso(toSessionCloseMs('2025-03-09', 'x'))).to.equal('2025-03-09T20:00:00.000Z');
      expect(iso(toSessionCloseMs('2025-03-10', 'x'))).to.equal('2025-03-10T20:00:00.000Z');
    });

    for (const date of ['not-a-date', '2025-13-01', '2025-02-30', '']) {
      it(`fails ${JSON.stringify(date)} as malformed`, () => {
        expect(() => toSessionCloseMs(date, 'quote of X'))
          .to.throw(/quote of X/)
          .with.nested.property('failure.kind', 'malformed');
      });
    }
  });

  describe('formatNewYorkWallTime()', () => {
    it('writes the New York wall clock without an offset', () => {
      expect(formatNewYorkWallTime(Date.parse('2026-03-09T13:30:05.999Z'))).to.equal(
        '2026-03-09T09:30:05',
      );
      expect(formatNewYorkWallTime(Date.parse('2026-01-02T05:00:00.000Z'))).to.equal(
        '2026-01-02T00:00:00',
      );
    });
  });
});
