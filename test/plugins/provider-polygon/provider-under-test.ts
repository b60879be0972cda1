import {
  createPolygonProvider,
  type PolygonProvider,
} from '../../../plugins/provider-polygon/polygon-provider.js';
import type { PolygonOptions } from '../../../plugins/provider-polygon/options-schema.js';
import polygon from '../../../plugins/provider-polygon/index.js';
import type { RecordingContext } from '../../contracts/provider-context.js';
import type { FakeServer } from '../../helpers/fake-server.js';
import { ProviderOpener } from '../../helpers/provider-harness.js';
import { polygonNowMs } from './fixtures.js';

/** A key the fake accepts (scenario `ok`) and that is easy to look for in logs. */
export const testKey = 'key-ok-7f3c9e21d4b8a6f0';

/** A Polygon provider pointed at a fake, and the recording context it logs to. */
export interface PolygonUnderTest {
  readonly provider: PolygonProvider;
  readonly recording: RecordingContext;
}

const opener = new ProviderOpener(polygon, polygonNowMs);

/** A provider on a paid plan with the key in the header, unless `options` say otherwise. */
export function createPolygonUnderTest(
  server: FakeServer,
  options: Partial<PolygonOptions> = {},
  nowMs = polygonNowMs,
): PolygonUnderTest {
  const recording = opener.record(nowMs);
  const provider = createPolygonProvider(recording.context, {
    apiKey: testKey,
    baseUrl: server.url,
    timeoutMs: 2000,
    plan: 'starter',
    auth: 'header',
    adjusted: true,
    ...options,
  });
  return { provider, recording };
}

/** Closes the HTTP pools of every provider made so far. */
export function closeProvidersUnderTest(): Promise<void> {
  return opener.closeAll();
}
