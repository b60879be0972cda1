import { expect } from 'chai';
import {
  epochDayOf,
  epochDayOfSession,
  isWeekday,
  marketPositionAt,
  sessionMinutes,
  sessionNumberOf,
  sessionOpenMs,
} from '../../../plugins/provider-simulated/calendar.js';

describe('simulated market calendar', () => {
  describe('sessionNumberOf()', () => {
    it('numbers consecutive weekdays consecutively across a weekend', () => {
      const friday = sessionNumberOf(epochDayOf('2026-03-06'));

      expect(sessionNumberOf(epochDayOf('2026-03-09'))).to.equal(friday + 1);
      expect(sessionNumberOf(epochDayOf('2026-03-07'))).to.equal(friday);
      expect(sessionNumberOf(epochDayOf('2026-03-08'))).to.equal(friday);
    });

    it('is undone by epochDayOfSession() on weekdays, before and after 1970', () => {
      for (const date of ['1969-12-29', '1950-06-15', '2026-03-09', '2026-03-13']) {
        const day = epochDayOf(date);
        expect(epochDayOfSession(sessionNumberOf(day))).to.equal(day);
      }
    });
  });

  describe('isWeekday()', () => {
    it('is false on Saturday and Sunday only', () => {
      const week = [
        '2026-03-09',
        '2026-03-10',
        '2026-03-11',
        '2026-03-12',
        '2026-03-13',
        '2026-03-14',
        '2026-03-15',
      ];

      expect(week.map((date) => isWeekday(epochDayOf(date)))).to.deep.equal([
        true,
        true,
        true,
        true,
        true,
        false,
        false,
      ]);
    });
  });

  describe('sessionOpenMs()', () => {
    it('opens at 09:30 New York in winter and in summer time', () => {
      expect(new Date(sessionOpenMs(epochDayOf('2026-03-06'))).toISOString()).to.equal(
        '2026-03-06T14:30:00.000Z',
      );
      expect(new Date(sessionOpenMs(epochDayOf('2026-03-09'))).toISOString()).to.equal(
        '2026-03-09T13:30:00.000Z',
      );
    });
  });

  describe('marketPositionAt()', () => {
    const monday = sessionNumberOf(epochDayOf('2026-03-09'));

    it('points into the session while it runs', () => {
      expect(marketPositionAt(Date.parse('2026-03-09T14:00:30.000Z'))).to.deep.equal({
        session: monday,
        elapsedMinutes: 30.5,
      });
    });

    it('points at the end of the previous session before the open', () => {
      expect(marketPositionAt(Date.parse('2026-03-09T13:29:59.000Z'))).to.deep.equal({
        session: monday - 1,
        elapsedMinutes: sessionMinutes,
      });
    });

    it('points at Friday over the weekend', () => {
      expect(marketPositionAt(Date.parse('2026-03-08T18:00:00.000Z'))).to.deep.equal({
        session: monday - 1,
        elapsedMinutes: sessionMinutes,
      });
    });
  });
});
