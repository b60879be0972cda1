import {
  credentialFor,
  type ProviderContractSubject,
  type Scenario,
} from '../../contracts/provider-contract.js';
import type { FakeServer } from '../../helpers/fake-server.js';
import alpaca from '../../../plugins/provider-alpaca/index.js';
import { secretFor, startAlpacaFake } from './fake-api.js';
import { alpacaNowMs, dailyDates } from './fixtures.js';

/** Alpaca on the free plan and the IEX feed, against the fake API. */
export const alpacaSubject: ProviderContractSubject = {
  plugin: alpaca,
  startServer: startAlpacaFake,
  optionsFor: (server: FakeServer, scenario: Scenario) => ({
    keyId: credentialFor(scenario),
    secretKey: secretFor(credentialFor(scenario)),
    baseUrl: server.url,
  }),
  knownSymbols: ['AAPL', 'MSFT'],
  unknownSymbol: 'ZZZZQ',
  optional: ['plan-required'],
  nowMs: alpacaNowMs,
  dailyBars: {
    symbol: 'AAPL',
    from: '2025-03-05',
    to: '2025-03-11',
    dates: dailyDates.slice(1),
  },
  intradayBars: {
    symbol: 'AAPL',
    interval: '5m',
    from: '2025-03-11T13:30:00Z',
    to: '2025-03-11T14:25:00Z',
    count: 12,
  },
};
