import type { Logger } from 'pino';
import type { Clock, JsonSchema } from '../../core/plugins/types.js';
import { readJson, type ProviderHttp, type ProviderResponse } from '../../core/providers/index.js';
import { classifyPolygonBody } from './classify.js';
import type { PolygonOptions } from './options-schema.js';

/** Name of the plugin, put on every record. */
export const providerName = 'polygon';

/** What the quote and bar fetchers share: the HTTP client, the options, time and the log. */
export interface PolygonApi {
  readonly http: ProviderHttp;
  readonly options: PolygonOptions;
  readonly clock: Clock;
  readonly log: Logger;
}

/**
 * Reads a Polygon response: its body classified first, then the status, then `schema`.
 * Credentials are scrubbed from the body before anything can quote it.
 */
// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- T names the shape the schema guarantees
export function readPolygon<T>(
  api: PolygonApi,
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
    classifyBody: classifyPolygonBody(what, nowMs),
    nowMs,
  });
}
