import alphavantage from '../../../plugins/provider-alphavantage/index.js';
import { credentialFor, type ProviderContractSubject } from '../../contracts/provider-contract.js';
import { startAlphaVantageFake } from './fake-api.js';
import { fakeNowMs } from './fixtures.js';

/** The Alpha Vantage provider under the shared contract, against its fake API (free plan). */
export const alphavantageSubject: ProviderContractSubject = {
  plugin: alphavantage,
  startServer: () => startAlphaVantageFake(),
  optionsFor: (server, scenario) => ({ apiKey: credentialFor(scenario), baseUrl: server.url }),
  knownSymbols: ['AAPL', 'MSFT'],
  unknownSymbol: 'ZZZZQ',
  optional: ['daily-quota', 'plan-required'],
  nowMs: fakeNowMs,
  dailyBars: {
    symbol: 'IBM',
    from: '2026-03-04',
    to: '2026-03-10',
    // 2026-03-10 is still trading at the test clock, so its row is not a complete bar.
    dates: ['2026-03-04', '2026-03-05', '2026-03-06', '2026-03-09'],
  },
  intradayBars: {
    symbol: 'AAPL',
    interval: '5m',
    from: '2026-03-09T13:30:00.000Z',
    to: '2026-03-09T14:25:00.000Z',
    count: 12,
  },
};
