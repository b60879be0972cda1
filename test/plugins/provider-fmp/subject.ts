import fmp from '../../../plugins/provider-fmp/index.js';
import { credentialFor, type ProviderContractSubject } from '../../contracts/provider-contract.js';
import { startFmpFake } from './fake-api.js';
import { nowMs, tradingDates } from './fixtures.js';

/** The `fmp` provider against its fake API, for the shared contract and other suites. */
export const fmpSubject: ProviderContractSubject = {
  plugin: fmp,
  startServer: startFmpFake,
  optionsFor: (server, scenario) => ({
    apiKey: credentialFor(scenario),
    baseUrl: `${server.url}/stable`,
  }),
  knownSymbols: ['AAPL', 'MSFT'],
  unknownSymbol: 'NOPE',
  optional: ['daily-quota', 'plan-required'],
  nowMs,
  // Spans the 2026-03-08 switch to daylight saving time.
  dailyBars: {
    symbol: 'AAPL',
    from: '2026-03-02',
    to: '2026-03-13',
    dates: tradingDates('2026-03-02', '2026-03-13'),
  },
  // The 2026-03-09 session, 09:30 to 15:55 New York (EDT), one bar per five minutes.
  intradayBars: {
    symbol: 'MSFT',
    interval: '5m',
    from: '2026-03-09T13:30:00.000Z',
    to: '2026-03-09T19:55:00.000Z',
    count: 78,
  },
};
