import tiingo from '../../../plugins/provider-tiingo/index.js';
import { credentialFor, type ProviderContractSubject } from '../../contracts/provider-contract.js';
import { startTiingoFake } from './fake-api.js';

/** The tiingo provider under the shared contract, against its fake API. */
export const tiingoSubject: ProviderContractSubject = {
  plugin: tiingo,
  startServer: startTiingoFake,
  optionsFor: (server, scenario) => ({ apiKey: credentialFor(scenario), baseUrl: server.url }),
  knownSymbols: ['AAPL', 'MSFT'],
  unknownSymbol: 'NOPE',
  optional: ['daily-quota'],
  nowMs: Date.parse('2025-03-12T21:00:00.000Z'),
  dailyBars: {
    symbol: 'AAPL',
    from: '2025-03-06',
    to: '2025-03-12',
    // Tiingo stamps these midnight UTC; read in New York they would be the day before.
    dates: ['2025-03-06', '2025-03-07', '2025-03-10', '2025-03-11', '2025-03-12'],
  },
  intradayBars: {
    symbol: 'AAPL',
    interval: '5m',
    from: '2025-03-12T13:30:00Z',
    to: '2025-03-12T13:55:00Z',
    count: 6,
  },
};
