import {
  createAlpacaProvider,
  type AlpacaProvider,
} from '../../../plugins/provider-alpaca/alpaca-provider.js';
import type { AlpacaOptions } from '../../../plugins/provider-alpaca/options-schema.js';
import alpaca from '../../../plugins/provider-alpaca/index.js';
import type { RecordingContext } from '../../contracts/provider-context.js';
import type { FakeServer } from '../../helpers/fake-server.js';
import { ProviderOpener } from '../../helpers/provider-harness.js';
import { secretFor } from './fake-api.js';
import { alpacaNowMs } from './fixtures.js';

/** A key ID the fake accepts (scenario `ok`), and its secret: both easy to look for in logs. */
export const testKeyId = 'key-ok-PK4Q7N2M8X1Z';
export const testSecret = secretFor(testKeyId);

/** An Alpaca provider pointed at a fake, and the recording context it logs to. */
export interface AlpacaUnderTest {
  readonly provider: AlpacaProvider;
  readonly recording: RecordingContext;
}

const opener = new ProviderOpener(alpaca, alpacaNowMs);

/** A provider on the free plan and the IEX feed, unless `options` say otherwise. */
export function createAlpacaUnderTest(
  server: FakeServer,
  options: Partial<AlpacaOptions> = {},
  nowMs = alpacaNowMs,
): AlpacaUnderTest {
  const recording = opener.record(nowMs);
  const provider = createAlpacaProvider(recording.context, {
    keyId: testKeyId,
    secretKey: testSecret,
    baseUrl: server.url,
    timeoutMs: 2000,
    feed: 'iex',
    plan: 'basic',
    adjustment: 'raw',
    ...options,
  });
  return { provider, recording };
}

/** Closes the HTTP pools of every provider made so far. */
export function closeProvidersUnderTest(): Promise<void> {
  return opener.closeAll();
}
