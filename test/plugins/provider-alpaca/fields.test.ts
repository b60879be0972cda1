import { expect } from 'chai';
import {
  epochMsOfRfc3339,
  newYorkDateAt,
  optionalVolume,
  sessionCloseMs,
} from '../../../plugins/provider-alpaca/fields.js';

describe('alpaca fields', () => {
  describe('epochMsOfRfc3339()', () => {
    it('cuts fractions to the millisecond and honours offsets', () => {
      const expected = Date.parse('2025-03-12T14:59:59.123Z');

      expect(epochMsOfRfc3339('2025-03-12T14:59:59.123999999Z', 't')).to.equal(expected);
      expect(epochMsOfRfc3339('2025-03-12T10:59:59.1239-04:00', 't')).to.equal(expected);
      expect(epochMsOfRfc3339('2025-03-12T14:59:59Z', 't')).to.equal(expected - 123);
    });

    const broken: unknown[] = [
      '2025-03-12 14:59:59Z',
      '2025-03-12T14:59:59',
      1741791599,
      '2025-02-30T25:00:00Z',
    ];
    for (const value of broken) {
      it(`fails ${JSON.stringify(value)} as malformed`, () => {
        expect(() => epochMsOfRfc3339(value, 'latestTrade.t'))
          .to.throw(/RFC-3339/)
          .with.nested.property('failure.kind', 'malformed');
      });
    }

    it('names undefined when the time is missing', () => {
      expect(() => epochMsOfRfc3339(undefined, 'bar t')).to.throw(/bar t .*undefined/);
    });
  });

  describe('sessionCloseMs()', () => {
    it('is 16:00 New York in winter and in summer time', () => {
      expect(new Date(sessionCloseMs('2025-03-07', 'x')).toISOString()).to.equal(
        '2025-03-07T21:00:00.000Z',
      );
      expect(new Date(sessionCloseMs('2025-11-03', 'x')).toISOString()).to.equal(
        '2025-11-03T21:00:00.000Z',
      );
      expect(new Date(sessionCloseMs('2025-10-31', 'x')).toISOString()).to.equal(
        '2025-10-31T20:00:00.000Z',
      );
    });

    it('fails a date that is not one as malformed', () => {
      expect(() => sessionCloseMs('not-a-date', 'x'))
        .to.throw()
        .with.nested.property('failure.kind', 'malformed');
    });
  });

  describe('newYorkDateAt()', () => {
    it('gives the New York date on either side of New York midnight', () => {
      expect(newYorkDateAt(Date.parse('2025-11-04T04:59:59.999Z'))).to.equal('2025-11-03');
      expect(newYorkDateAt(Date.parse('2025-11-04T05:00:00.000Z'))).to.equal('2025-11-04');
    });
  });

  describe('optionalVolume()', () => {
    it('fails a negative volume as malformed', () => {
      expect(() => optionalVolume('-1', 'dailyBar.v')).to.throw(/negative volume/);
    });
  });
});
