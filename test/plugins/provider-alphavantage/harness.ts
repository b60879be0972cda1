import type { StockpollerError } from '../../../core/errors/index.js';
import alphavantage from '../../../plugins/provider-alphavantage/index.js';
import type { AlphaVantageProvider } from '../../../plugins/provider-alphavantage/alphavantage-provider.js';
import type { AlphaVantageOptions } from '../../../plugins/provider-alphavantage/options-schema.js';
import type { RecordingContext } from '../../contracts/provider-context.js';
import { useProviderHarness } from '../../helpers/provider-harness.js';
import { startAlphaVantageFake, type AlphaVantageFake } from './fake-api.js';
import { fakeNowMs } from './fixtures.js';

/** The key the tests hand the provider; it must never show in a message or a log. */
export const testKey = 'AV-SECRET-KEY-0123456789';

/** A fresh fake Alpha Vantage per test, and providers pointed at it. */
export interface AlphaVantageHarness {
  /** The fake of the running test. */
  readonly fake: AlphaVantageFake;
  /** A premium-75 provider on the fake with the test key, changed by `options`. */
  providerWith(
    options?: Partial<AlphaVantageOptions>,
    nowMs?: number,
  ): Promise<{ provider: AlphaVantageProvider; recording: RecordingContext }>;
  /** The query of the last request the fake received. */
  lastQuery(): Record<string, string>;
  /** The error of a one-symbol quote when the fake answers `body`. */
  quoteErrorFor(body: unknown): Promise<StockpollerError | undefined>;
}

/** Registers hooks that start a fake before each test and close everything after it. */
export function useAlphaVantageHarness(): AlphaVantageHarness {
  const base = useProviderHarness({
    plugin: alphavantage,
    nowMs: fakeNowMs,
    startFake: startAlphaVantageFake,
    fakePerTest: true,
    optionsFor: (url): AlphaVantageOptions => ({
      apiKey: testKey,
      baseUrl: url,
      timeoutMs: 2000,
      plan: 'premium-75',
      entitlement: 'end-of-day',
      bulkQuotes: false,
      adjusted: false,
      extendedHours: false,
      currency: 'USD',
    }),
  });

  const harness: AlphaVantageHarness = {
    get fake() {
      return base.server();
    },
    providerWith(options = {}, nowMs = fakeNowMs) {
      return base.providerFor(base.server().url, options, nowMs);
    },
    lastQuery() {
      return Object.fromEntries(base.server().requests.at(-1)?.query ?? []);
    },
    async quoteErrorFor(body) {
      base.server().override(() => ({ body }));
      const { provider } = await harness.providerWith();
      const [outcome] = await provider.fetchQuotes(['AAPL']);
      return outcome?.error;
    },
  };
  return harness;
}
