import { expect } from 'chai';
import {
  dailyBarTimestamp,
  fromUnix,
  newYorkDateOf,
  roundTo,
  toNullableNumber,
  toNumber,
  toPercent,
  zonedToEpoch,
} from '../../../core/providers/values.js';

function kindOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    return (error as { failure?: { kind: string } }).failure?.kind;
  }
  return undefined;
}

describe('provider values', () => {
  describe('toNumber()', () => {
    it('parses numbers given as numbers or numeric strings', () => {
      expect(toNumber(12.5, 'x')).to.equal(12.5);
      expect(toNumber('235.60000', 'x')).to.equal(235.6);
      expect(toNumber(' 7 ', 'x')).to.equal(7);
    });

    for (const bad of ['', 'NaN', 'abc', 'Infinity', null, {}, [1]]) {
      it(`rejects ${JSON.stringify(bad)} as malformed`, () => {
        expect(kindOf(() => toNumber(bad, 'price'))).to.equal('malformed');
      });
    }
  });

  describe('toNullableNumber()', () => {
    it('maps absent markers to null and parses the rest', () => {
      for (const absent of [null, undefined, '', 'None', '-', 'N/A']) {
        expect(toNullableNumber(absent, 'x')).to.equal(null);
      }
      expect(toNullableNumber('3', 'x')).to.equal(3);
    });
  });

  describe('toPercent()', () => {
    it('strips a trailing percent sign', () => {
      expect(toPercent('-4.8471%', 'x')).to.equal(-4.8471);
      expect(toPercent(1.25, 'x')).to.equal(1.25);
      expect(toPercent(null, 'x')).to.equal(null);
    });
  });

  describe('roundTo()', () => {
    it('rounds to the given decimals', () => {
      expect(roundTo(1.23456, 2)).to.equal(1.23);
    });
  });

  describe('fromUnix()', () => {
    it('converts seconds, milliseconds, microseconds and nanoseconds to epoch ms', () => {
      expect(fromUnix(1_741_363_140, 's', 't')).to.equal(1_741_363_140_000);
      expect(fromUnix(1_741_363_140_123, 'ms', 't')).to.equal(1_741_363_140_123);
      expect(fromUnix(1_741_363_140_123_456, 'us', 't')).to.equal(1_741_363_140_123);
      // As JSON.parse delivers a nanosecond integer: already rounded to a double.
      expect(fromUnix(JSON.parse('1741363140123456789') as number, 'ns', 't')).to.equal(
        1_741_363_140_123,
      );
    });

    it('keeps nanosecond strings exact and truncates to the millisecond', () => {
      expect(fromUnix('1741363140123999999', 'ns', 't')).to.equal(1_741_363_140_123);
      expect(fromUnix('1741363140', 's', 't')).to.equal(1_741_363_140_000);
    });

    it('rejects what is not a time', () => {
      expect(kindOf(() => fromUnix('soon', 's', 't'))).to.equal('malformed');
    });
  });

  describe('zonedToEpoch()', () => {
    it('reads New York wall-clock times in winter and summer', () => {
      expect(
        new Date(zonedToEpoch('2025-03-07 15:59:00', 'America/New_York', 't')).toISOString(),
      ).to.equal('2025-03-07T20:59:00.000Z');
      expect(
        new Date(zonedToEpoch('2025-03-10 09:30', 'America/New_York', 't')).toISOString(),
      ).to.equal('2025-03-10T13:30:00.000Z');
      expect(
        new Date(zonedToEpoch('2025-11-03T09:30:00', 'America/New_York', 't')).toISOString(),
      ).to.equal('2025-11-03T14:30:00.000Z');
    });

    it('handles the spring-forward day itself', () => {
      expect(
        new Date(zonedToEpoch('2025-03-09 12:00:00', 'America/New_York', 't')).toISOString(),
      ).to.equal('2025-03-09T16:00:00.000Z');
    });

    it('rejects text that is not a local date and time', () => {
      expect(kindOf(() => zonedToEpoch('March 7', 'America/New_York', 't'))).to.equal('malformed');
    });
  });

  describe('dailyBarTimestamp() and newYorkDateOf()', () => {
    it('stamps daily bars at 00:00 New York and reads dates back', () => {
      expect(dailyBarTimestamp('2025-03-07')).to.equal('2025-03-07T05:00:00.000Z');
      expect(dailyBarTimestamp('2025-03-10')).to.equal('2025-03-10T04:00:00.000Z');
      expect(newYorkDateOf(Date.parse('2025-03-07T00:00:00.000Z'))).to.equal('2025-03-06');
    });
  });
});
