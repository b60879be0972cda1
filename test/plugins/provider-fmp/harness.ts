import type { ProviderInstance } from '../../../core/plugins/types.js';
import { createAjv } from '../../../core/schema/ajv.js';
import fmp from '../../../plugins/provider-fmp/index.js';
import type { FmpOptions } from '../../../plugins/provider-fmp/options-schema.js';
import { createRecordingContext, type RecordingContext } from '../../contracts/provider-context.js';
import type { FakeServer } from '../../helpers/fake-server.js';
import { nowMs } from './fixtures.js';

/** A provider wired to a fake server, with its log lines kept. */
export interface OpenedProvider {
  readonly provider: Required<Pick<ProviderInstance, 'fetchBars'>> & ProviderInstance;
  readonly recording: RecordingContext;
}

const opened: RecordingContext[] = [];

/** Options through the plugin's schema, defaults filled in, as the kernel would. */
export function optionsOf(input: Record<string, unknown>): FmpOptions {
  const options = { ...input };
  const validate = createAjv({ coerceTypes: false, useDefaults: true }).compile(fmp.optionsSchema);
  if (!validate(options)) throw new Error(`invalid options: ${JSON.stringify(validate.errors)}`);
  return options as unknown as FmpOptions;
}

/** Creates the provider against the fake's `/stable` API with key `apiKey` and extra options. */
export async function openProvider(
  server: FakeServer,
  apiKey: string,
  extra: Record<string, unknown> = {},
): Promise<OpenedProvider> {
  const recording = createRecordingContext('fmp', nowMs);
  opened.push(recording);
  const options = optionsOf({ apiKey, baseUrl: `${server.url}/stable`, ...extra });
  const provider = (await fmp.create(recording.context, options)) as OpenedProvider['provider'];
  return { provider, recording };
}

/** Closes the HTTP pools of every provider opened so far. */
export async function closeProviders(): Promise<void> {
  await Promise.all(opened.splice(0).map((recording) => recording.close()));
}
