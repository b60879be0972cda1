import finnhub from '../../../plugins/provider-finnhub/index.js';
import type { FinnhubProvider } from '../../../plugins/provider-finnhub/finnhub-provider.js';
import type { FinnhubOptions } from '../../../plugins/provider-finnhub/options-schema.js';
import type { RecordingContext } from '../../contracts/provider-context.js';
import { useProviderHarness } from '../../helpers/provider-harness.js';
import { fakeNowMs, startFinnhubFake, type DailyAnchor, type FinnhubFake } from './fake-api.js';

/** The key the tests hand the provider; it must never show in a message or a log. */
export const testKey = 'fh-secret-token-0123456789';

/** A fresh fake Finnhub per test, and providers pointed at it. */
export interface FinnhubHarness {
  /** The fake of the running test. */
  readonly fake: FinnhubFake;
  /** A premium provider on the fake with the test key, changed by `options`. */
  providerWith(
    options?: Partial<FinnhubOptions>,
  ): Promise<{ provider: FinnhubProvider; recording: RecordingContext }>;
  /** Replaces the fake with one stamping daily candles at `anchor`. */
  restart(anchor: DailyAnchor): Promise<void>;
}

/** Registers hooks that start a fake before each test and close everything after it. */
export function useFinnhubHarness(): FinnhubHarness {
  const base = useProviderHarness({
    plugin: finnhub,
    nowMs: fakeNowMs,
    startFake: () => startFinnhubFake(),
    fakePerTest: true,
    optionsFor: (url): FinnhubOptions => ({
      apiKey: testKey,
      baseUrl: `${url}/api/v1`,
      timeoutMs: 2000,
      plan: 'premium',
      currency: 'USD',
    }),
  });

  return {
    get fake() {
      return base.server();
    },
    providerWith(options = {}) {
      return base.providerFor(base.server().url, options);
    },
    restart: (anchor) => base.restart(() => startFinnhubFake(anchor)),
  };
}
