import { expect } from 'chai';
import { StockpollerError } from '../../../core/errors/index.js';
import {
  earlyClosesOf,
  holidayOf,
  holidaysOf,
  isTradingDay,
  nextOpen,
  phaseAt,
  sessionOf,
} from '../../../core/runtime/market-calendar.js';

function ms(iso: string): number {
  return Date.parse(iso);
}

describe('market calendar: sessions', () => {
  it('opens at 09:30 New York time in winter (UTC-5) and in summer (UTC-4)', () => {
    expect(sessionOf('XNYS', '2026-01-02')).to.deep.equal({
      date: '2026-01-02',
      preOpen: ms('2026-01-02T09:00:00Z'),
      open: ms('2026-01-02T14:30:00Z'),
      close: ms('2026-01-02T21:00:00Z'),
      postClose: ms('2026-01-03T01:00:00Z'),
    });
    expect(sessionOf('XNAS', '2026-07-01')?.open).to.equal(ms('2026-07-01T13:30:00Z'));
    // Clocks sprang forward on Sunday 2026-03-08.
    expect(sessionOf('XNYS', '2026-03-06')?.open).to.equal(ms('2026-03-06T14:30:00Z'));
    expect(sessionOf('XNYS', '2026-03-09')?.open).to.equal(ms('2026-03-09T13:30:00Z'));
  });

  it('closes at 13:00 and ends the post-market at 17:00 on an early close', () => {
    const session = sessionOf('XNYS', '2026-11-27');
    expect(session?.close).to.equal(ms('2026-11-27T18:00:00Z'));
    expect(session?.postClose).to.equal(ms('2026-11-27T22:00:00Z'));
  });

  it('has no session on holidays and weekends', () => {
    expect(sessionOf('XNYS', '2026-11-26')).to.equal(undefined);
    expect(sessionOf('XNYS', '2026-03-07')).to.equal(undefined);
  });
});

describe('market calendar: phaseAt', () => {
  // Tuesday 2026-03-10 is on daylight time: New York is UTC-4.
  const cases: [string, string][] = [
    ['2026-03-10T07:59:59.999Z', 'closed'],
    ['2026-03-10T08:00:00.000Z', 'pre'],
    ['2026-03-10T13:29:59.999Z', 'pre'],
    ['2026-03-10T13:30:00.000Z', 'regular'],
    ['2026-03-10T19:59:59.999Z', 'regular'],
    ['2026-03-10T20:00:00.000Z', 'post'],
    ['2026-03-10T23:59:59.999Z', 'post'],
    ['2026-03-11T00:00:00.000Z', 'closed'],
    // Early close on Friday 2026-11-27, standard time (UTC-5).
    ['2026-11-27T17:59:59.999Z', 'regular'],
    ['2026-11-27T18:00:00.000Z', 'post'],
    ['2026-11-27T21:59:59.999Z', 'post'],
    ['2026-11-27T22:00:00.000Z', 'closed'],
    // Thanksgiving noon and a Saturday noon.
    ['2026-11-26T17:00:00.000Z', 'closed'],
    ['2026-03-07T17:00:00.000Z', 'closed'],
  ];
  for (const [iso, phase] of cases) {
    it(`is ${phase} at ${iso}`, () => {
      expect(phaseAt('XNYS', ms(iso))).to.equal(phase);
    });
  }

  it('rejects an instant that is not a number', () => {
    expect(() => phaseAt('XNYS', Number.NaN))
      .to.throw(StockpollerError)
      .with.property('code', 'SP_ERR_CONTRACT_BAD_TIME');
  });
});

describe('market calendar: nextOpen', () => {
  it('skips a weekend, across the change to daylight time', () => {
    const fridayClose = ms('2026-03-06T21:00:00Z');
    expect(nextOpen('XNYS', fridayClose)).to.equal(ms('2026-03-09T13:30:00Z'));
    expect(nextOpen('XNYS', fridayClose, { extended: true })).to.equal(fridayClose);
    const fridayLate = ms('2026-03-07T01:00:00Z');
    expect(nextOpen('XNYS', fridayLate, { extended: true })).to.equal(ms('2026-03-09T08:00:00Z'));
  });

  it('skips a holiday', () => {
    // Thursday before Good Friday 2026, after the close.
    expect(nextOpen('XNAS', ms('2026-04-02T21:00:00Z'))).to.equal(ms('2026-04-06T13:30:00Z'));
    // Independence Day 2027 is observed on Monday July 5.
    expect(nextOpen('XNYS', ms('2027-07-03T12:00:00Z'))).to.equal(ms('2027-07-06T13:30:00Z'));
  });

  it('returns the instant itself while the session is open, and the open before it', () => {
    const midday = ms('2026-03-10T16:00:00Z');
    expect(nextOpen('XNYS', midday)).to.equal(midday);
    expect(nextOpen('XNYS', ms('2026-03-10T12:00:00Z'))).to.equal(ms('2026-03-10T13:30:00Z'));
    const early = ms('2026-03-10T12:00:00Z');
    expect(nextOpen('XNYS', early, { extended: true })).to.equal(early);
  });

  it('waits for the next day after an early close', () => {
    // Christmas Eve 2026 closes at 13:00; Christmas is closed; Monday 28th opens.
    expect(nextOpen('XNYS', ms('2026-12-24T18:00:00Z'))).to.equal(ms('2026-12-28T14:30:00Z'));
  });
});

describe('market calendar: extra closed dates', () => {
  // The national day of mourning for President Carter closed NYSE and Nasdaq on 2025-01-09.
  const mourning = { extraClosedDates: [{ date: '2025-01-09', name: 'Day of mourning' }] };

  it('closes the extra dates', () => {
    expect(isTradingDay('XNYS', '2025-01-09')).to.equal(true);
    expect(isTradingDay('XNYS', '2025-01-09', mourning)).to.equal(false);
    expect(holidayOf('XNYS', '2025-01-09', mourning)).to.equal('Day of mourning');
    expect(sessionOf('XNYS', '2025-01-09', mourning)).to.equal(undefined);
    expect(phaseAt('XNYS', ms('2025-01-09T16:00:00Z'), mourning)).to.equal('closed');
  });

  it('lists them among the holidays of their year only', () => {
    expect(holidaysOf('XNYS', 2025, mourning).map((day) => day.date)).to.include('2025-01-09');
    expect(holidaysOf('XNYS', 2026, mourning).map((day) => day.date)).not.to.include('2025-01-09');
  });

  it('sleeps over them', () => {
    const wednesdayClose = ms('2025-01-08T21:00:00Z');
    expect(nextOpen('XNYS', wednesdayClose, mourning)).to.equal(ms('2025-01-10T14:30:00Z'));
  });

  it('names bare dates and removes closed early closes', () => {
    const options = { extraClosedDates: ['2026-12-24'] };
    expect(holidayOf('XNAS', '2026-12-24', options)).to.equal('Special closure');
    expect(earlyClosesOf('XNAS', 2026, options).map((day) => day.date)).to.deep.equal([
      '2026-11-27',
    ]);
  });
});
