import type { ProviderInstance } from '../../../core/plugins/types.js';
import { createAjv } from '../../../core/schema/ajv.js';
import twelvedata from '../../../plugins/provider-twelvedata/index.js';
import type { TwelveDataOptions } from '../../../plugins/provider-twelvedata/options-schema.js';
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
export function optionsOf(input: Record<string, unknown>): TwelveDataOptions {
  const options = { ...input };
  const validate = createAjv({ coerceTypes: false, useDefaults: true }).compile(
    twelvedata.optionsSchema,
  );
  if (!validate(options)) throw new Error(`invalid options: ${JSON.stringify(validate.errors)}`);
  return options as unknown as TwelveDataOptions;
}

/** Creates the provider against `server` with key `apiKey` and extra options. */
export async function openProvider(
  server: FakeServer,
  apiKey: string,
  extra: Record<string, unknown> = {},
): Promise<OpenedProvider> {
  const recording = createRecordingContext('twelvedata', nowMs);
  opened.push(recording);
  const options = optionsOf({ apiKey, baseUrl: server.url, ...extra });
  const provider = (await twelvedata.create(
    recording.context,
    options,
  )) as OpenedProvider['provider'];
  return { provider, recording };
}

/** Closes the HTTP pools of every provider opened so far. */
export async function closeProviders(): Promise<void> {
  await Promise.all(opened.splice(0).map((recording) => recording.close()));
}
