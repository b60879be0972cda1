import type { Logger } from 'pino';
import type { Clock, JsonSchema } from '../../core/plugins/types.js';
import { readJson, type ProviderHttp, type ProviderResponse } from '../../core/providers/index.js';
import { classifyAlpacaBody } from './classify.js';
import type { AlpacaOptions } from './options-schema.js';

/** Name of the plugin, put on every record. */
export const providerName = 'alpaca';

/** What the quote and bar fetchers share: the HTTP client, the options, time and the log. */
export interface AlpacaApi {
  readonly http: ProviderHttp;
  readonly options: AlpacaOptions;
  readonly clock: Clock;
  readonly log: Logger;
}

/**
 * Reads an Alpaca response: its body classified first, then the status, then `schema`.
 * Credentials are scrubbed from the body before anything can quote it.
 */
// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- T names the shape the schema guarantees
export function readAlpaca<T>(
  api: AlpacaApi,
  response: ProviderResponse,
  what: string,
  schema: JsonSchema,
): T {
  const nowMs = api.clock.now();
  // The toolkit quotes bodies in its messages unscrubbed; a body may echo a credential.
  const scrubbed: ProviderResponse = { ...response, text: api.http.scrub(response.text) };
  return readJson<T>(scrubbed, {
    what,
    schema,
    classifyBody: classifyAlpacaBody(what, nowMs),
    nowMs,
  });
}
