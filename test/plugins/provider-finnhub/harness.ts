import { expect } from 'chai';
import type { StockpollerError } from '../../../core/errors/index.js';
import finnhub from '../../../plugins/provider-finnhub/index.js';
import type { FinnhubProvider } from '../../../plugins/provider-finnhub/finnhub-provider.js';
import type { FinnhubOptions } from '../../../plugins/provider-finnhub/options-schema.js';
import { createRecordingContext, type RecordingContext } from '../../contracts/provider-context.js';
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
  let fake: FinnhubFake | undefined;
  let recordings: RecordingContext[] = [];
  const running = (): FinnhubFake => {
    if (fake === undefined) throw new Error('the fake Finnhub is not running');
    return fake;
  };

  beforeEach(async () => {
    fake = await startFinnhubFake();
  });

  afterEach(async () => {
    await Promise.all(recordings.map((r) => r.close()));
    recordings = [];
    await fake?.close();
    fake = undefined;
  });

  return {
    get fake() {
      return running();
    },
    async providerWith(options = {}) {
      const recording = createRecordingContext('finnhub', fakeNowMs);
      recordings.push(recording);
      const provider = (await finnhub.create(recording.context, {
        apiKey: testKey,
        baseUrl: `${running().url}/api/v1`,
        timeoutMs: 2000,
        plan: 'premium',
        currency: 'USD',
        ...options,
      })) as FinnhubProvider;
      return { provider, recording };
    },
    async restart(anchor) {
      await running().close();
      fake = await startFinnhubFake(anchor);
    },
  };
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
