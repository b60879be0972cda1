import { definePlugin } from '../../core/plugins/define.js';
import { createEnvSecretStore } from './env-secret-store.js';
import { envSecretOptionsSchema, type EnvSecretOptions } from './options-schema.js';

/** The `env` secret store: `${secret:polygon/api-key}` read from POLYGON_API_KEY. */
export default definePlugin<'secret-store', EnvSecretOptions>({
  kind: 'secret-store',
  name: 'env',
  version: '0.1.0',
  core: '^0.1.0',
  description: 'Reads secrets from environment variables (polygon/api-key -> POLYGON_API_KEY).',
  optionsSchema: envSecretOptionsSchema,
  create(_context, options) {
    return createEnvSecretStore(options);
  },
});
