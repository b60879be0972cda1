import type { PluginContext } from '../../core/plugins/types.js';
import { ProviderJsonApi } from '../../core/providers/index.js';
import { classifyTiingoBody } from './classify.js';
import type { TiingoOptions } from './options-schema.js';

/**
 * Tiingo's REST API as the adapter uses it: the token goes in the `Authorization` header
 * (never the URL), every body is classified by {@link classifyTiingoBody} before its status,
 * then checked against the endpoint's schema.
 */
export class TiingoApi extends ProviderJsonApi {
  constructor(context: PluginContext, options: TiingoOptions) {
    const http = {
      baseUrl: options.baseUrl,
      timeoutMs: options.timeoutMs,
      headers: { authorization: `Token ${options.apiKey}` },
      secrets: [options.apiKey],
    };
    super(context, http, { classifyBody: classifyTiingoBody, logMessage: 'tiingo response' });
  }
}
