import type { JsonSchema } from '../plugins/types.js';

/** `baseUrl` option: the provider's official host by default, overridable for proxies and tests. */
export function baseUrlOption(defaultUrl: string): JsonSchema {
  return {
    type: 'string',
    pattern: '^https?://',
    default: defaultUrl,
    description: 'Base URL of the API; change it for a proxy, an enterprise host or a test server.',
    examples: [defaultUrl],
  };
}

/** `timeoutMs` option: the limit of one whole HTTP request. */
export const timeoutOption: JsonSchema = {
  type: 'integer',
  minimum: 100,
  maximum: 120_000,
  default: 10_000,
  description:
    'Milliseconds one request may take, headers and body, before it fails as unavailable.',
};

/** A credential option: a secret (redacted by `config print`), normally `${secret:...}`. */
export function credentialOption(description: string): JsonSchema {
  return {
    type: 'string',
    minLength: 1,
    'x-secret': true,
    description: `${description} Give it as a secret reference, e.g. \${secret:provider/api-key}.`,
  };
}
