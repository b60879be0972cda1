import type { PluginContext } from '../../core/plugins/types.js';
import { ProviderJsonApi } from '../../core/providers/index.js';
import { classifyBarchartBody } from './classify.js';
import type { BarchartOptions } from './options-schema.js';

/**
 * Barchart OnDemand as the adapter uses it: the key goes as `apikey=` (OnDemand takes no
 * header) and is scrubbed from every URL the client reports; `status.code` is classified
 * before the HTTP status, then the body is checked against the endpoint's schema.
 */
export class BarchartApi extends ProviderJsonApi {
  constructor(context: PluginContext, options: BarchartOptions) {
    const http = {
      baseUrl: options.baseUrl,
      timeoutMs: options.timeoutMs,
      query: { apikey: options.apiKey },
      secrets: [options.apiKey],
    };
    super(context, http, { classifyBody: classifyBarchartBody, logMessage: 'barchart response' });
  }
}
