import { expect } from 'chai';
import sinon from 'sinon';
import type { MarketHoursConfig } from '../../../core/config/manifest.js';
import type { ExchangeCode } from '../../../core/runtime/market-calendar.js';
import { marketWindowAt } from '../../../core/runtime/market-hours.js';
import { FakeClockTicker, marketHours, pipeline } from './ticker-fixtures.js';

// Instants of holidays and early closes of 2024, 2025 and 2027 as NYSE and Nasdaq announced
// them, written out in UTC by hand (New York is UTC-5 in winter, UTC-4 from the second Sunday
// of March to the first Sunday of November), not computed by the code under test.
const exchanges: ExchangeCode[] = ['XNYS', 'XNAS'];

/** `marketWindowAt` of `exchange` at `instant`, its edge as an ISO string. */
function windowAt(
  exchange: ExchangeCode,
  instant: string,
  sessions: MarketHoursConfig['sessions'] = ['regular'],
) {
  const config = marketHours({ exchange, sessions });
  const window = marketWindowAt(config, Date.parse(instant));
  return window.open
    ? `open ${window.phase} until ${new Date(window.closesAt).toISOString()}`
    : `closed ${window.phase} until ${new Date(window.opensAt).toISOString()}`;
}

const windows: [what: string, instant: string, expected: string][] = [
  [
    'closes 2024-07-03 at 13:00 EDT',
    '2024-07-03T16:59:59.999Z',
    'open regular until 2024-07-03T17:00:00.000Z',
  ],
  [
    'sleeps after 2024-07-03 over Independence Day',
    '2024-07-03T17:00:00.000Z',
    'closed post until 2024-07-05T13:30:00.000Z',
  ],
  [
    'closes 2024-11-29 at 13:00 EST',
    '2024-11-29T15:00:00.000Z',
    'open regular until 2024-11-29T18:00:00.000Z',
  ],
  [
    'closes 2024-12-24 at 13:00 EST',
    '2024-12-24T17:59:59.999Z',
    'open regular until 2024-12-24T18:00:00.000Z',
  ],
  [
    'sleeps after 2024-12-24 over Christmas',
    '2024-12-24T18:00:00.000Z',
    'closed post until 2024-12-26T14:30:00.000Z',
  ],
  [
    'trades a full day before Good Friday 2024',
    '2024-03-28T19:00:00.000Z',
    'open regular until 2024-03-28T20:00:00.000Z',
  ],
  [
    'is closed on Good Friday 2024-03-29',
    '2024-03-29T15:00:00.000Z',
    'closed closed until 2024-04-01T13:30:00.000Z',
  ],
  [
    'closes 2025-07-03 at 13:00 EDT',
    '2025-07-03T14:00:00.000Z',
    'open regular until 2025-07-03T17:00:00.000Z',
  ],
  [
    'is closed on Good Friday 2025-04-18',
    '2025-04-18T15:00:00.000Z',
    'closed closed until 2025-04-21T13:30:00.000Z',
  ],
  [
    'is closed on Thanksgiving 2025-11-27',
    '2025-11-27T15:00:00.000Z',
    'closed closed until 2025-11-28T14:30:00.000Z',
  ],
  [
    'closes 2025-11-28 at 13:00 EST',
    '2025-11-28T17:59:59.999Z',
    'open regular until 2025-11-28T18:00:00.000Z',
  ],
  [
    'sleeps after 2025-11-28 over the weekend',
    '2025-11-28T18:00:00.000Z',
    'closed post until 2025-12-01T14:30:00.000Z',
  ],
  [
    'closes 2025-12-24 at 13:00 EST',
    '2025-12-24T15:00:00.000Z',
    'open regular until 2025-12-24T18:00:00.000Z',
  ],
  [
    'is closed on Good Friday 2027-03-26',
    '2027-03-26T14:00:00.000Z',
    'closed closed until 2027-03-29T13:30:00.000Z',
  ],
  [
    'trades a full day on 2027-07-02',
    '2027-07-02T19:59:59.999Z',
    'open regular until 2027-07-02T20:00:00.000Z',
  ],
  [
    'is closed on the observed Independence Day 2027-07-05',
    '2027-07-05T14:00:00.000Z',
    'closed closed until 2027-07-06T13:30:00.000Z',
  ],
  [
    'closes 2027-11-26 at 13:00 EST',
    '2027-11-26T15:00:00.000Z',
    'open regular until 2027-11-26T18:00:00.000Z',
  ],
  [
    'trades a full day on 2027-12-23',
    '2027-12-23T20:59:59.999Z',
    'open regular until 2027-12-23T21:00:00.000Z',
  ],
  [
    'is closed on the observed Christmas 2027-12-24',
    '2027-12-24T15:00:00.000Z',
    'closed closed until 2027-12-27T14:30:00.000Z',
  ],
  [
    'trades a full day on 2027-12-31 (New Year 2028 is a Saturday)',
    '2027-12-31T15:00:00.000Z',
    'open regular until 2027-12-31T21:00:00.000Z',
  ],
];

describe('market hours in 2024, 2025 and 2027', () => {
  describe('marketWindowAt()', () => {
    for (const exchange of exchanges) {
      for (const [what, instant, expected] of windows) {
        it(`${what} on ${exchange}`, () => {
          expect(windowAt(exchange, instant)).to.equal(expected);
        });
      }

      it(`ends the post session of 2024-12-24 at 17:00 EST on ${exchange}`, () => {
        expect(windowAt(exchange, '2024-12-24T21:59:59.999Z', ['post'])).to.equal(
          'open post until 2024-12-24T22:00:00.000Z',
        );
      });

      // The National Day of Mourning for President Carter closed both exchanges on 2025-01-09.
      // No rule predicts such a day, and the README's Known limitations say the calendar treats
      // it as a trading day: this pins that documented behaviour.
      it(`treats 2025-01-09 as a trading day on ${exchange}, as documented`, () => {
        expect(windowAt(exchange, '2025-01-09T15:00:00.000Z')).to.equal(
          'open regular until 2025-01-09T21:00:00.000Z',
        );
      });
    }
  });

  describe('PipelineTicker with a fake clock', () => {
    const fake = new FakeClockTicker();

    afterEach(() => {
      fake.stop();
      sinon.restore();
    });

    for (const exchange of exchanges) {
      it(`stops polling at the 13:00 close of 2024-07-03 until 2024-07-05 on ${exchange}`, async () => {
        const config = pipeline({
          every: '1h',
          align: true,
          marketHours: marketHours({ exchange }),
        });
        const hooks = fake.startAt('2024-07-03T15:30:00.000Z', config);
        await fake.runUntil('2024-07-05T15:00:00.000Z');

        expect(hooks.calls).to.deep.equal([
          '2024-07-03T16:00:00.000Z tick',
          `2024-07-03T17:00:00.000Z closed ${exchange} post next 2024-07-05T13:30:00.000Z`,
          `2024-07-05T13:30:00.000Z opened ${exchange} regular`,
          '2024-07-05T14:00:00.000Z tick',
          '2024-07-05T15:00:00.000Z tick',
        ]);
      });

      it(`sends heartbeats through the 2024-12-24 early close and Christmas on ${exchange}`, async () => {
        const hours = marketHours({
          exchange,
          sessions: ['regular', 'post'],
          whenClosed: 'heartbeat',
          heartbeatEvery: '12h',
        });
        const hooks = fake.startAt(
          '2024-12-24T21:15:00.000Z',
          pipeline({ every: '30m', marketHours: hours }),
        );
        await fake.runUntil('2024-12-26T14:30:00.000Z');

        const next = 'next 2024-12-26T14:30:00.000Z';
        expect(hooks.calls).to.deep.equal([
          '2024-12-24T21:15:00.000Z tick',
          '2024-12-24T21:45:00.000Z tick',
          `2024-12-24T22:00:00.000Z closed ${exchange} closed ${next}`,
          `2024-12-24T22:00:00.000Z heartbeat ${exchange} closed ${next}`,
          `2024-12-25T10:00:00.000Z heartbeat ${exchange} closed ${next}`,
          `2024-12-25T22:00:00.000Z heartbeat ${exchange} closed ${next}`,
          `2024-12-26T10:00:00.000Z heartbeat ${exchange} pre ${next}`,
          `2024-12-26T14:30:00.000Z opened ${exchange} regular`,
          '2024-12-26T14:30:00.000Z tick',
        ]);
      });

      it(`polls on 2025-01-09, which no rule closes, on ${exchange}`, async () => {
        const config = pipeline({
          every: '1h',
          align: true,
          marketHours: marketHours({ exchange }),
        });
        const hooks = fake.startAt('2025-01-09T14:59:00.000Z', config);
        await fake.runUntil('2025-01-09T16:00:00.000Z');

        expect(hooks.calls).to.deep.equal([
          '2025-01-09T15:00:00.000Z tick',
          '2025-01-09T16:00:00.000Z tick',
        ]);
      });

      it(`sleeps over Good Friday 2025-04-18 with daily heartbeats on ${exchange}`, async () => {
        const hours = marketHours({ exchange, whenClosed: 'heartbeat', heartbeatEvery: '24h' });
        const hooks = fake.startAt(
          '2025-04-17T19:45:00.000Z',
          pipeline({ every: '15m', marketHours: hours }),
        );
        await fake.runUntil('2025-04-21T13:45:00.000Z');

        const next = 'next 2025-04-21T13:30:00.000Z';
        expect(hooks.calls).to.deep.equal([
          '2025-04-17T19:45:00.000Z tick',
          `2025-04-17T20:00:00.000Z closed ${exchange} post ${next}`,
          `2025-04-17T20:00:00.000Z heartbeat ${exchange} post ${next}`,
          `2025-04-18T20:00:00.000Z heartbeat ${exchange} closed ${next}`,
          `2025-04-19T20:00:00.000Z heartbeat ${exchange} closed ${next}`,
          `2025-04-20T20:00:00.000Z heartbeat ${exchange} closed ${next}`,
          `2025-04-21T13:30:00.000Z opened ${exchange} regular`,
          '2025-04-21T13:30:00.000Z tick',
          '2025-04-21T13:45:00.000Z tick',
        ]);
      });

      it(`closes at 13:00 on 2025-11-28 after Thanksgiving on ${exchange}`, async () => {
        const config = pipeline({
          every: '2h',
          align: true,
          marketHours: marketHours({ exchange }),
        });
        const hooks = fake.startAt('2025-11-27T15:00:00.000Z', config);
        await fake.runUntil('2025-12-01T16:00:00.000Z');

        expect(hooks.calls).to.deep.equal([
          `2025-11-27T15:00:00.000Z closed ${exchange} closed next 2025-11-28T14:30:00.000Z`,
          `2025-11-28T14:30:00.000Z opened ${exchange} regular`,
          '2025-11-28T16:00:00.000Z tick',
          `2025-11-28T18:00:00.000Z closed ${exchange} post next 2025-12-01T14:30:00.000Z`,
          `2025-12-01T14:30:00.000Z opened ${exchange} regular`,
          '2025-12-01T16:00:00.000Z tick',
        ]);
      });

      it(`sleeps from 2027-07-02 over the observed 2027-07-05 holiday on ${exchange}`, async () => {
        const config = pipeline({
          every: '1h',
          align: true,
          marketHours: marketHours({ exchange }),
        });
        const hooks = fake.startAt('2027-07-02T18:59:00.000Z', config);
        await fake.runUntil('2027-07-06T14:00:00.000Z');

        expect(hooks.calls).to.deep.equal([
          '2027-07-02T19:00:00.000Z tick',
          `2027-07-02T20:00:00.000Z closed ${exchange} post next 2027-07-06T13:30:00.000Z`,
          `2027-07-06T13:30:00.000Z opened ${exchange} regular`,
          '2027-07-06T14:00:00.000Z tick',
        ]);
      });

      it(`skips the cron time of the observed Christmas 2027-12-24 on ${exchange}`, async () => {
        const config = pipeline({
          cron: '0 10 * * 1-5',
          timezone: 'America/New_York',
          marketHours: marketHours({ exchange }),
        });
        const hooks = fake.startAt('2027-12-22T12:00:00.000Z', config);
        await fake.runUntil('2027-12-28T16:00:00.000Z');

        expect(hooks.calls).to.deep.equal([
          `2027-12-22T12:00:00.000Z closed ${exchange} pre next 2027-12-22T14:30:00.000Z`,
          `2027-12-22T14:30:00.000Z opened ${exchange} regular`,
          '2027-12-22T15:00:00.000Z tick',
          `2027-12-22T21:00:00.000Z closed ${exchange} post next 2027-12-23T14:30:00.000Z`,
          `2027-12-23T14:30:00.000Z opened ${exchange} regular`,
          '2027-12-23T15:00:00.000Z tick',
          `2027-12-23T21:00:00.000Z closed ${exchange} post next 2027-12-27T14:30:00.000Z`,
          `2027-12-27T14:30:00.000Z opened ${exchange} regular`,
          '2027-12-27T15:00:00.000Z tick',
          `2027-12-27T21:00:00.000Z closed ${exchange} post next 2027-12-28T14:30:00.000Z`,
          `2027-12-28T14:30:00.000Z opened ${exchange} regular`,
          '2027-12-28T15:00:00.000Z tick',
        ]);
      });

      // Thursday before, Good Friday, Monday after; 12:00 EDT is 16:00 UTC on all of them.
      for (const [thursday, friday, monday] of [
        ['2024-03-28', '2024-03-29', '2024-04-01'],
        ['2027-03-25', '2027-03-26', '2027-03-29'],
      ] as const) {
        it(`skips the cron time of Good Friday ${friday} on ${exchange}`, async () => {
          const config = pipeline({
            cron: '0 12 * * *',
            timezone: 'America/New_York',
            marketHours: marketHours({ exchange }),
          });
          const hooks = fake.startAt(`${thursday}T15:00:00.000Z`, config);
          await fake.runUntil(`${monday}T17:00:00.000Z`);

          expect(hooks.ticks()).to.deep.equal([
            `${thursday}T16:00:00.000Z`,
            `${monday}T16:00:00.000Z`,
          ]);
        });
      }
    }
  });
});
