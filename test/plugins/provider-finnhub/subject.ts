import finnhub from '../../../plugins/provider-finnhub/index.js';
import { credentialFor, type ProviderContractSubject } from '../../contracts/provider-contract.js';
import { fakeNowMs, startFinnhubFake } from './fake-api.js';

/** The Finnhub provider under the shared contract, against its fake API (premium key). */
export const finnhubSubject: ProviderContractSubject = {
  plugin: finnhub,
  startServer: () => startFinnhubFake(),
  optionsFor: (server, scenario) => ({
    apiKey: credentialFor(scenario),
    baseUrl: `${server.url}/api/v1`,
    plan: 'premium',
  }),
  knownSymbols: ['AAPL', 'MSFT'],
  unknownSymbol: 'ZZZZQ',
  optional: ['plan-required'],
  nowMs: fakeNowMs,
  dailyBars: {
    symbol: 'AAPL',
    from: '2026-03-04',
    to: '2026-03-10',
    // 2026-03-10 is still trading at the test clock, so its bar is not complete.
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
