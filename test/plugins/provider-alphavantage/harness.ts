import { expect } from 'chai';
import type { StockpollerError } from '../../../core/errors/index.js';
import alphavantage from '../../../plugins/provider-alphavantage/index.js';
import type { AlphaVantageProvider } from '../../../plugins/provider-alphavantage/alphavantage-provider.js';
import type { AlphaVantageOptions } from '../../../plugins/provider-alphavantage/options-schema.js';
import { createRecordingContext, type RecordingContext } from '../../contracts/provider-context.js';
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
  let fake: AlphaVantageFake | undefined;
  let recordings: RecordingContext[] = [];
  const running = (): AlphaVantageFake => {
    if (fake === undefined) throw new Error('the fake Alpha Vantage is not running');
    return fake;
  };

  beforeEach(async () => {
    fake = await startAlphaVantageFake();
  });

  afterEach(async () => {
    await Promise.all(recordings.map((r) => r.close()));
    recordings = [];
    await fake?.close();
    fake = undefined;
  });

  const harness: AlphaVantageHarness = {
    get fake() {
      return running();
    },
    async providerWith(options = {}, nowMs = fakeNowMs) {
      const recording = createRecordingContext('alphavantage', nowMs);
      recordings.push(recording);
      const provider = (await alphavantage.create(recording.context, {
        apiKey: testKey,
        baseUrl: running().url,
        timeoutMs: 2000,
        plan: 'premium-75',
        entitlement: 'end-of-day',
        bulkQuotes: false,
        adjusted: false,
        extendedHours: false,
        currency: 'USD',
        ...options,
      })) as AlphaVantageProvider;
      return { provider, recording };
    },
    lastQuery() {
      return Object.fromEntries(running().requests.at(-1)?.query ?? []);
    },
    async quoteErrorFor(body) {
      running().override(() => ({ body }));
      const { provider } = await harness.providerWith();
      const [outcome] = await provider.fetchQuotes(['AAPL']);
      return outcome?.error;
    },
  };
  return harness;
}

/** The error `work` rejects with; fails the test when it resolves. */
export async function failureOf(work: Promise<unknown>): Promise<StockpollerError> {
  try {
    await work;
  } catch (error) {
    return error as StockpollerError;
  }
  return expect.fail('expected a failure');
}
