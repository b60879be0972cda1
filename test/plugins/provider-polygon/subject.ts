import {
  credentialFor,
  type ProviderContractSubject,
  type Scenario,
} from '../../contracts/provider-contract.js';
import type { FakeServer } from '../../helpers/fake-server.js';
import polygon from '../../../plugins/provider-polygon/index.js';
import { startPolygonFake } from './fake-api.js';
import { dailyDates, polygonNowMs } from './fixtures.js';

const shared = {
  plugin: polygon,
  startServer: startPolygonFake,
  knownSymbols: ['AAPL', 'MSFT'],
  unknownSymbol: 'ZZZZQ',
  optional: ['plan-required'],
  nowMs: polygonNowMs,
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
} as const satisfies Omit<ProviderContractSubject, 'optionsFor'>;

/** Polygon on a paid plan: live snapshots, many tickers per call. */
export const polygonSubject: ProviderContractSubject = {
  ...shared,
  label: 'polygon (paid plan)',
  optionsFor: (server: FakeServer, scenario: Scenario) => ({
    apiKey: credentialFor(scenario),
    baseUrl: server.url,
    plan: 'starter',
  }),
};

/** Polygon on the free plan: the previous session's close, one call per ticker. */
export const polygonBasicSubject: ProviderContractSubject = {
  ...shared,
  label: 'polygon (basic plan)',
  optionsFor: (server: FakeServer, scenario: Scenario) => ({
    apiKey: credentialFor(scenario),
    baseUrl: server.url,
    plan: 'basic',
  }),
};
