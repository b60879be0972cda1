import { expect } from 'chai';
import {
  compileCron,
  cronNicknames,
  cronProblemOf,
  knownTimeZones,
  timeZoneProblemOf,
} from '../../../core/runtime/cron.js';

describe('cron', () => {
  describe('cronProblemOf()', () => {
    it('accepts 5 fields, 6 with seconds first, and nicknames', () => {
      for (const expression of [
        '*/5 9-16 * * 1-5',
        '0 */10 * * * *',
        '0 30 9 * * MON-FRI',
        '@hourly',
      ]) {
        expect(cronProblemOf(expression), expression).to.equal(undefined);
      }
    });

    it('accepts every nickname croner reads, in any case', () => {
      for (const expression of [...cronNicknames, '@DAILY', ' @weekly ']) {
        expect(cronProblemOf(expression), expression).to.equal(undefined);
      }
    });

    it('refuses @reboot and unknown or extended nicknames', () => {
      for (const expression of ['@reboot', '@often', '@hourly 5']) {
        expect(cronProblemOf(expression), expression).to.match(/^it is not one of the nicknames/);
      }
    });

    it('names the field and value croner refuses', () => {
      expect(cronProblemOf('61 9 * * 1-5')).to.equal('invalid value for minute: 61');
    });

    it('counts the fields of an expression with too few or too many', () => {
      expect(cronProblemOf('*/5 9-16 * *')).to.equal('it has 4 fields');
      expect(cronProblemOf('0 0 9 * * 1-5 2027')).to.equal('it has 7 fields');
    });

    it('refuses an expression that never matches a date', () => {
      expect(cronProblemOf('0 0 31 2 *')).to.equal(
        'no date has the day of month and the month it names',
      );
    });
  });

  describe('timeZoneProblemOf()', () => {
    it('accepts IANA names and UTC', () => {
      for (const zone of ['UTC', 'America/New_York', 'Europe/London', 'Asia/Kolkata']) {
        expect(timeZoneProblemOf(zone), zone).to.equal(undefined);
      }
    });

    it('refuses a name Intl does not know', () => {
      expect(timeZoneProblemOf('America/NewYork')).to.equal('it is not an IANA time zone name');
    });
  });

  describe('knownTimeZones()', () => {
    it('lists UTC and the zones of Intl', () => {
      expect(knownTimeZones()).to.include.members(['UTC', 'America/New_York', 'Europe/Berlin']);
    });
  });

  describe('compileCron()', () => {
    it('gives the next instant strictly after the one asked, in the time zone', () => {
      const times = compileCron('30 9 * * *', 'America/New_York');

      const next = times.nextAfter(Date.parse('2026-03-10T13:30:00.000Z'));

      expect(new Date(next ?? 0).toISOString()).to.equal('2026-03-11T13:30:00.000Z');
    });

    it('throws SP_ERR_CONFIG_BAD_VALUE for an unknown time zone', () => {
      expect(() => compileCron('* * * * *', 'Mars/Olympus'))
        .to.throw(/Mars\/Olympus.*not an IANA time zone/)
        .with.property('code', 'SP_ERR_CONFIG_BAD_VALUE');
    });
  });
  // New York clocks go from 02:00 EST to 03:00 EDT on 2026-03-08 (07:00 UTC), and from
  // 02:00 EDT back to 01:00 EST on 2026-11-01 (06:00 UTC), so 01:00-01:59 happens twice.
  describe('compileCron() across daylight-saving changes in America/New_York', () => {
    /** The first `count` instants after `from`, in UTC. */
    const runsOf = (expression: string, from: string, count: number): string[] => {
      const times = compileCron(expression, 'America/New_York');
      const runs: string[] = [];
      let at = Date.parse(from);
      for (let i = 0; i < count; i++) {
        at = times.nextAfter(at) ?? Number.NaN;
        runs.push(new Date(at).toISOString());
      }
      return runs;
    };

    it('fires a fixed time of the skipped hour once, at 03:00 EDT when the gap ends', () => {
      expect(runsOf('30 2 * * *', '2026-03-07T12:00:00.000Z', 2)).to.deep.equal([
        '2026-03-08T07:00:00.000Z',
        '2026-03-09T06:30:00.000Z',
      ]);
    });

    it('skips the times of the skipped hour for a wildcard, step, range or list', () => {
      expect(runsOf('*/30 * * * *', '2026-03-08T06:00:00.000Z', 3)).to.deep.equal([
        '2026-03-08T06:30:00.000Z',
        '2026-03-08T07:00:00.000Z',
        '2026-03-08T07:30:00.000Z',
      ]);
      expect(runsOf('15 2-3 * * *', '2026-03-08T05:00:00.000Z', 2)).to.deep.equal([
        '2026-03-08T07:15:00.000Z',
        '2026-03-09T06:15:00.000Z',
      ]);
      expect(runsOf('0,30 2 * * *', '2026-03-08T05:00:00.000Z', 1)).to.deep.equal([
        '2026-03-09T06:00:00.000Z',
      ]);
    });

    it('fires a fixed time of the repeated hour once, at its first (EDT) occurrence', () => {
      expect(runsOf('30 1 * * *', '2026-10-31T12:00:00.000Z', 2)).to.deep.equal([
        '2026-11-01T05:30:00.000Z',
        '2026-11-02T06:30:00.000Z',
      ]);
    });

    it('fires a wildcard or step time on both occurrences of the repeated hour', () => {
      expect(runsOf('*/30 * * * *', '2026-11-01T04:45:00.000Z', 5)).to.deep.equal([
        '2026-11-01T05:00:00.000Z',
        '2026-11-01T05:30:00.000Z',
        '2026-11-01T06:00:00.000Z',
        '2026-11-01T06:30:00.000Z',
        '2026-11-01T07:00:00.000Z',
      ]);
      expect(runsOf('@hourly', '2026-11-01T04:30:00.000Z', 3)).to.deep.equal([
        '2026-11-01T05:00:00.000Z',
        '2026-11-01T06:00:00.000Z',
        '2026-11-01T07:00:00.000Z',
      ]);
    });

    it('leaves a weekday market-hours cron untouched: the clocks change on a Sunday night', () => {
      expect(runsOf('0 9 * * 1-5', '2026-03-06T15:00:00.000Z', 2)).to.deep.equal([
        '2026-03-09T13:00:00.000Z',
        '2026-03-10T13:00:00.000Z',
      ]);
    });
  });
});
