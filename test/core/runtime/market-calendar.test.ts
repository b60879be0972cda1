import { expect } from 'chai';
import { StockpollerError } from '../../../core/errors/index.js';
import {
  earlyClosesOf,
  holidayOf,
  holidaysOf,
  isTradingDay,
  type ExchangeCode,
} from '../../../core/runtime/market-calendar.js';

// Typed out from the NYSE Group holiday and early-closing calendars announced for 2022-2024 and
// 2025-2027 (Nasdaq publishes the same days), not produced by the code under test.
const publishedHolidays: Record<number, string[]> = {
  2024: [
    '2024-01-01',
    '2024-01-15',
    '2024-02-19',
    '2024-03-29',
    '2024-05-27',
    '2024-06-19',
    '2024-07-04',
    '2024-09-02',
    '2024-11-28',
    '2024-12-25',
  ],
  2025: [
    '2025-01-01',
    '2025-01-20',
    '2025-02-17',
    '2025-04-18',
    '2025-05-26',
    '2025-06-19',
    '2025-07-04',
    '2025-09-01',
    '2025-11-27',
    '2025-12-25',
  ],
  2026: [
    '2026-01-01',
    '2026-01-19',
    '2026-02-16',
    '2026-04-03',
    '2026-05-25',
    '2026-06-19',
    '2026-07-03',
    '2026-09-07',
    '2026-11-26',
    '2026-12-25',
  ],
  2027: [
    '2027-01-01',
    '2027-01-18',
    '2027-02-15',
    '2027-03-26',
    '2027-05-31',
    '2027-06-18',
    '2027-07-05',
    '2027-09-06',
    '2027-11-25',
    '2027-12-24',
  ],
};

const publishedEarlyCloses: Record<number, string[]> = {
  2024: ['2024-07-03', '2024-11-29', '2024-12-24'],
  2025: ['2025-07-03', '2025-11-28', '2025-12-24'],
  2026: ['2026-11-27', '2026-12-24'],
  2027: ['2027-11-26'],
};

const exchanges: ExchangeCode[] = ['XNYS', 'XNAS'];

function datesOf(days: { date: string }[]): string[] {
  return days.map((day) => day.date);
}

describe('market calendar: holidays and early closes', () => {
  for (const exchange of exchanges) {
    for (const year of [2024, 2025, 2026, 2027]) {
      it(`lists the published ${exchange} holidays of ${year}`, () => {
        expect(datesOf(holidaysOf(exchange, year))).to.deep.equal(publishedHolidays[year]);
      });

      it(`lists the published ${exchange} early closes of ${year}`, () => {
        expect(datesOf(earlyClosesOf(exchange, year))).to.deep.equal(publishedEarlyCloses[year]);
      });
    }
  }

  it('closes on every published holiday and opens on every early close', () => {
    for (const year of [2024, 2025, 2026, 2027]) {
      for (const date of publishedHolidays[year] ?? []) {
        expect(isTradingDay('XNYS', date), date).to.equal(false);
        expect(holidayOf('XNYS', date), date).to.be.a('string');
      }
      for (const date of publishedEarlyCloses[year] ?? []) {
        expect(isTradingDay('XNAS', date), date).to.equal(true);
      }
    }
  });

  it('names holidays and leaves ordinary days and weekends unnamed', () => {
    expect(holidayOf('XNYS', '2026-04-03')).to.equal('Good Friday');
    expect(holidayOf('XNYS', '2026-01-19')).to.equal('Martin Luther King Jr. Day');
    expect(holidayOf('XNYS', '2026-03-10')).to.equal(undefined);
    expect(holidayOf('XNYS', '2026-03-07')).to.equal(undefined);
    expect(isTradingDay('XNYS', '2026-03-07')).to.equal(false);
    expect(isTradingDay('XNYS', '2026-03-08')).to.equal(false);
    expect(isTradingDay('XNYS', '2026-03-10')).to.equal(true);
  });

  it('moves Saturday holidays to Friday and Sunday holidays to Monday', () => {
    // Published: Independence Day 2026 and 2020 on Friday July 3, Juneteenth 2027 on Friday
    // June 18, Christmas 2027 on Friday December 24.
    expect(holidayOf('XNYS', '2026-07-03')).to.equal('Independence Day');
    expect(holidayOf('XNYS', '2020-07-03')).to.equal('Independence Day');
    expect(holidayOf('XNYS', '2027-06-18')).to.equal('Juneteenth National Independence Day');
    expect(holidayOf('XNYS', '2027-12-24')).to.equal('Christmas Day');
    // Published for 2022: Juneteenth on Monday June 20, Christmas on Monday December 26;
    // New Year's Day 2023 on Monday January 2.
    expect(holidayOf('XNYS', '2022-06-20')).to.equal('Juneteenth National Independence Day');
    expect(holidayOf('XNYS', '2022-12-26')).to.equal('Christmas Day');
    expect(holidayOf('XNYS', '2023-01-02')).to.equal("New Year's Day");
  });

  it('does not move a Saturday New Year to the Friday before (NYSE Rule 7.2)', () => {
    expect(isTradingDay('XNYS', '2021-12-31')).to.equal(true);
    expect(datesOf(holidaysOf('XNYS', 2022))).not.to.include('2022-01-01');
    expect(isTradingDay('XNYS', '2027-12-31')).to.equal(true);
  });

  it('starts Juneteenth in 2022', () => {
    expect(isTradingDay('XNYS', '2021-06-18')).to.equal(true);
    expect(holidayOf('XNYS', '2021-06-18')).to.equal(undefined);
  });

  it('keeps a full day before an observed Independence Day or Christmas', () => {
    expect(earlyClosesOf('XNYS', 2020).map((day) => day.date)).to.deep.equal([
      '2020-11-27',
      '2020-12-24',
    ]);
    expect(earlyClosesOf('XNYS', 2021).map((day) => day.date)).to.deep.equal(['2021-11-26']);
  });

  it('names early closes', () => {
    expect(earlyClosesOf('XNYS', 2025)).to.deep.equal([
      { date: '2025-07-03', name: 'Day before Independence Day' },
      { date: '2025-11-28', name: 'Day after Thanksgiving' },
      { date: '2025-12-24', name: 'Christmas Eve' },
    ]);
  });
});

describe('market calendar: malformed input', () => {
  const badDates = ['2026-02-30', '2026-1-05', '', 'tomorrow', '2026-13-01', '1200-01-03'];
  for (const date of badDates) {
    it(`rejects the date "${date}"`, () => {
      expect(() => isTradingDay('XNYS', date))
        .to.throw(StockpollerError)
        .with.property('code', 'SP_ERR_CONTRACT_BAD_TIME');
    });
  }

  it('rejects years outside the calendar and fractional years', () => {
    for (const year of [1500, 10_000, 2026.5, Number.NaN]) {
      expect(() => holidaysOf('XNYS', year), String(year))
        .to.throw(StockpollerError)
        .with.property('code', 'SP_ERR_CONTRACT_BAD_TIME');
    }
  });

  it('rejects an unknown exchange', () => {
    expect(() => holidaysOf('XLON' as ExchangeCode, 2026))
      .to.throw(StockpollerError)
      .with.property('code', 'SP_ERR_CONFIG_BAD_VALUE');
  });

  it('rejects a malformed extra closed date', () => {
    expect(() => isTradingDay('XNYS', '2026-03-10', { extraClosedDates: ['2026-03-32'] }))
      .to.throw(StockpollerError)
      .with.property('code', 'SP_ERR_CONTRACT_BAD_TIME');
  });
});
