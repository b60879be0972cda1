import { expect } from 'chai';
import {
  fromUnixOfAnyUnit,
  newYorkDateAt,
  optionalVolume,
  sessionCloseMs,
} from '../../../plugins/provider-polygon/fields.js';

describe('polygon fields', () => {
  describe('fromUnixOfAnyUnit()', () => {
    it('reads ns, µs, ms and s from the size of the value', () => {
      const expected = Date.parse('2025-03-12T14:59:59.123Z');

      expect(fromUnixOfAnyUnit(1741791599123456768, 't')).to.equal(expected);
      expect(fromUnixOfAnyUnit('1741791599123456789', 't')).to.equal(expected);
      expect(fromUnixOfAnyUnit(1741791599123456, 't')).to.equal(expected);
      expect(fromUnixOfAnyUnit(1741791599123, 't')).to.equal(expected);
      expect(fromUnixOfAnyUnit(1741791599, 't')).to.equal(expected - 123);
    });
  });

  describe('sessionCloseMs()', () => {
    it('is 16:00 New York on both sides of the March switch, and on the switch day', () => {
      expect(new Date(sessionCloseMs('2025-03-07', 'x')).toISOString()).to.equal(
        '2025-03-07T21:00:00.000Z',
      );
      expect(new Date(sessionCloseMs('2025-03-09', 'x')).toISOString()).to.equal(
        '2025-03-09T20:00:00.000Z',
      );
      expect(new Date(sessionCloseMs('2025-03-10', 'x')).toISOString()).to.equal(
        '2025-03-10T20:00:00.000Z',
      );
    });

    it('fails a date that is not one as malformed', () => {
      expect(() => sessionCloseMs('2025-13-01', 'quote of X'))
        .to.throw()
        .with.nested.property('failure.kind', 'malformed');
    });
  });

  describe('newYorkDateAt()', () => {
    it('gives the New York date on either side of New York midnight', () => {
      expect(newYorkDateAt(Date.parse('2025-03-12T03:59:59.999Z'))).to.equal('2025-03-11');
      expect(newYorkDateAt(Date.parse('2025-03-12T04:00:00.000Z'))).to.equal('2025-03-12');
      expect(newYorkDateAt(Date.parse('2025-01-15T04:30:00.000Z'))).to.equal('2025-01-14');
    });
  });

  describe('optionalVolume()', () => {
    it('keeps null and fails a negative volume as malformed', () => {
      expect(optionalVolume(null, 'v')).to.equal(null);
      expect(() => optionalVolume(-5, 'day.v'))
        .to.throw(/negative volume/)
        .with.nested.property('failure.kind', 'malformed');
    });
  });
});
