import intrinio from '../../../plugins/provider-intrinio/index.js';
import { credentialFor, type ProviderContractSubject } from '../../contracts/provider-contract.js';
import { startIntrinioFake } from './fake-api.js';

/** The intrinio provider under the shared contract, against its fake API (3 bars a page). */
export const intrinioSubject: ProviderContractSubject = {
  plugin: intrinio,
  startServer: () => startIntrinioFake(),
  optionsFor: (server, scenario) => ({ apiKey: credentialFor(scenario), baseUrl: server.url }),
  knownSymbols: ['AAPL', 'MSFT'],
  unknownSymbol: 'NOPE',
  optional: ['daily-quota', 'plan-required'],
  nowMs: Date.parse('2025-03-12T21:00:00.000Z'),
  dailyBars: {
    symbol: 'AAPL',
    from: '2025-03-06',
    to: '2025-03-12',
    dates: ['2025-03-06', '2025-03-07', '2025-03-10', '2025-03-11', '2025-03-12'],
  },
  intradayBars: {
    symbol: 'MSFT',
    interval: '5m',
    from: '2025-03-12T13:30:00Z',
    to: '2025-03-12T13:55:00Z',
    count: 6,
  },
};
