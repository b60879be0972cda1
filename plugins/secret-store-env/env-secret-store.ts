import type { SecretStoreInstance } from '../../core/plugins/types.js';
import type { EnvSecretOptions } from './options-schema.js';

/**
 * The environment variable that holds the secret at `path`: `prefix` followed by the path,
 * converted to UPPER_SNAKE case unless `naming` is `exact`.
 */
export function variableNameOf(path: string, options: EnvSecretOptions): string {
  const name =
    options.naming === 'exact' ? path : path.replace(/[^A-Za-z0-9_]/g, '_').toUpperCase();
  return options.prefix + name;
}

/**
 * Creates a secret store over environment variables. Each lookup reads `env` at call time, so
 * a variable set after start is seen. An unset or empty variable means "not held here", which
 * lets the kernel try the next store. Never logs names or values.
 */
export function createEnvSecretStore(
  options: EnvSecretOptions,
  env: NodeJS.ProcessEnv = process.env,
): SecretStoreInstance {
  return {
    getSecret(path: string): Promise<string | undefined> {
      const value = env[variableNameOf(path, options)];
      return Promise.resolve(value === undefined || value === '' ? undefined : value);
    },
  };
}
