import { expect } from 'chai';
import { zonedMidnightUtc } from '../../../core/contract/time.js';
import type { Bar } from '../../../core/contract/types.js';
import { validateRecord } from '../../../core/contract/validate.js';
import type { BarRequest } from '../../../core/plugins/types.js';
import { setUpSimulated } from './simulated-fixtures.js';

const afterMarch = '2026-04-01T00:00:00.000Z';

async function barsOf(request: Partial<BarRequest>, now = afterMarch): Promise<Bar[]> {
  const full = { symbol: 'AAPL', interval: '1d', from: '2026-03-01', to: '2026-03-31', ...request };
  return setUpSimulated(now).provider.fetchBars(full);
}

async function rejectionOf(request: Partial<BarRequest>): Promise<unknown> {
  try {
    await barsOf(request);
  } catch (error) {
    return error;
  }
  throw new Error('the request was not rejected');
}

/** New York wall-clock time HH:MM of a bar start. */
function newYorkTime(bar: Bar): string {
  return new Date(bar.timestamp).toLocaleTimeString('en-GB', {
    timeZone: 'America/New_York',
    hour: '2-digit',
    minute: '2-digit',
  });
}

describe('simulated bars', () => {
  describe('generateBars()', () => {
    it('returns daily bars for weekdays only, stamped 00:00 New York across the clock change', async () => {
      const bars = await barsOf({ interval: '1d' });

      expect(bars).to.have.length(22);
      for (const bar of bars) {
        const weekday = new Date(`${bar.date!}T12:00:00Z`).getUTCDay();
        expect(weekday).to.be.within(1, 5);
        expect(Date.parse(bar.timestamp)).to.equal(zonedMidnightUtc(bar.date!, 'America/New_York'));
      }
      const byDate = new Map(bars.map((bar) => [bar.date, bar.timestamp]));
      expect(byDate.get('2026-03-06')).to.equal('2026-03-06T05:00:00.000Z');
      expect(byDate.get('2026-03-09')).to.equal('2026-03-09T04:00:00.000Z');
    });

    it('keeps intraday bars within 09:30-16:00 New York, with no date', async () => {
      const bars = await barsOf({ interval: '5m', from: '2026-03-06', to: '2026-03-09' });

      expect(bars).to.have.length(2 * 78);
      expect(bars.every((bar) => bar.date === null)).to.equal(true);
      expect(bars.map(newYorkTime).every((time) => time >= '09:30' && time <= '15:55')).to.equal(
        true,
      );
      expect([bars[0]?.timestamp, bars[77]?.timestamp]).to.deep.equal([
        '2026-03-06T14:30:00.000Z',
        '2026-03-06T20:55:00.000Z',
      ]);
      expect(bars[78]?.timestamp).to.equal('2026-03-09T13:30:00.000Z');
    });

    it('aligns hourly bars to the open, the last one covering the final half hour', async () => {
      const bars = await barsOf({ interval: '1h', from: '2026-03-10', to: '2026-03-10' });
      const minutes = await barsOf({
        interval: '1m',
        from: '2026-03-10T19:30:00Z',
        to: '2026-03-10T20:00:00Z',
      });

      expect(bars.map(newYorkTime)).to.deep.equal([
        '09:30',
        '10:30',
        '11:30',
        '12:30',
        '13:30',
        '14:30',
        '15:30',
      ]);
      expect(bars.at(-1)?.volume).to.equal(minutes.reduce((sum, bar) => sum + bar.volume!, 0));
    });

    it('keeps OHLC consistent and every bar within the data contract over a month of minutes', async () => {
      const bars = await barsOf({ interval: '1m', symbol: 'TSLA' });
      const problems: string[] = [];
      for (const [index, bar] of bars.entries()) {
        const result = validateRecord('stockpoller.bar', bar);
        if (!result.valid) problems.push(`${bar.timestamp}: ${result.problems.join(', ')}`);
        const previous = bars[index - 1];
        const sameSession =
          previous && Date.parse(bar.timestamp) - Date.parse(previous.timestamp) === 60_000;
        if (sameSession && previous.close !== bar.open)
          problems.push(`${bar.timestamp}: gap in path`);
      }

      expect(bars).to.have.length(22 * 390);
      expect(problems).to.deep.equal([]);
    });

    it('builds larger bars and daily bars out of the same minute path', async () => {
      const minutes = await barsOf({ interval: '1m', from: '2026-03-09', to: '2026-03-09' });
      const fives = await barsOf({ interval: '5m', from: '2026-03-09', to: '2026-03-09' });
      const [daily] = await barsOf({ interval: '1d', from: '2026-03-09', to: '2026-03-09' });
      const summarize = (group: Bar[]) => ({
        open: group[0]?.open,
        high: Math.max(...group.map((bar) => bar.high)),
        low: Math.min(...group.map((bar) => bar.low)),
        close: group.at(-1)?.close,
        volume: group.reduce((sum, bar) => sum + bar.volume!, 0),
      });

      for (const [index, five] of fives.entries()) {
        expect(five).to.include(summarize(minutes.slice(index * 5, index * 5 + 5)));
      }
      expect(daily).to.include(summarize(minutes));
    });

    it('returns only bars that have completed by the clock', async () => {
      const now = '2026-03-10T15:45:30.500Z';
      const minutes = await barsOf({ interval: '1m', from: '2026-03-10', to: '2026-03-11' }, now);
      const days = await barsOf({ interval: '1d', from: '2026-03-09', to: '2026-03-11' }, now);

      expect(minutes.at(-1)?.timestamp).to.equal('2026-03-10T15:44:00.000Z');
      expect(days.map((bar) => bar.date)).to.deep.equal(['2026-03-09']);
    });

    it('takes instants as inclusive bounds on the bar start', async () => {
      const bars = await barsOf({
        interval: '1m',
        from: '2026-03-09T14:00:00Z',
        to: '2026-03-09T10:10:00-04:00',
      });

      expect(bars).to.have.length(11);
      expect(bars[0]?.timestamp).to.equal('2026-03-09T14:00:00.000Z');
    });

    it('returns nothing for a range that lies in the future', async () => {
      expect(await barsOf({ from: '2026-05-01', to: '2026-05-31' })).to.deep.equal([]);
    });
  });

  describe('parseBarRequest()', () => {
    const rejected: [string, Partial<BarRequest>, RegExp][] = [
      ['an interval it does not serve', { interval: '2h' }, /no "2h" bars/],
      ['weekly bars', { interval: '1w' }, /no "1w" bars/],
      [
        'from after to',
        { from: '2026-03-10', to: '2026-03-09' },
        /starts \(2026-03-10\) after it ends/,
      ],
      ['an impossible date', { from: '2026-02-30' }, /neither a date nor an instant/],
      ['an instant without a zone', { to: '2026-03-09T10:00:00' }, /neither a date nor an instant/],
      [
        'an impossible time of day',
        { to: '2026-03-09T25:00:00Z' },
        /neither a date nor an instant/,
      ],
      [
        'more bars than one request may return',
        { interval: '1m', from: '2025-01-01' },
        /more than 50000/,
      ],
      ['dates the simulation does not cover', { from: '0001-01-01' }, /beyond the years/],
    ];
    for (const [what, request, message] of rejected) {
      it(`rejects ${what}`, async () => {
        const error = await rejectionOf(request);

        expect(error).to.have.property('code', 'SP_ERR_PROVIDER_BAD_REQUEST');
        expect(error).to.have.property('message').that.matches(message);
      });
    }
  });
});
