/**
 * The catalog of every stable error code. Codes are never reused once retired; the README's
 * "Error codes" table is checked against this object by a test.
 */
export const errorCatalog = {
  SP_ERR_CONFIG_NOT_FOUND: 'No manifest was found, or the file given to --config does not exist.',
  SP_ERR_CONFIG_READ: 'A manifest or overlay file exists but could not be read.',
  SP_ERR_CONFIG_TOO_LARGE: 'A manifest or overlay file is larger than the 1 MiB limit.',
  SP_ERR_CONFIG_YAML_SYNTAX: 'A manifest or overlay file is not valid YAML.',
  SP_ERR_CONFIG_DUPLICATE_KEY: 'The same key appears twice in one mapping.',
  SP_ERR_CONFIG_ALIAS_LIMIT: 'YAML aliases expand beyond the limit (a "YAML bomb").',
  SP_ERR_CONFIG_UNKNOWN_ENV: 'The environment given by --env or STOCKPOLLER_ENV has no overlay.',
  SP_ERR_CONFIG_UNSET_VARIABLE: 'A ${VAR} reference names a variable that is not set.',
  SP_ERR_CONFIG_BAD_INTERPOLATION: 'A ${...} expression is malformed.',
  SP_ERR_CONFIG_UNKNOWN_KEY: 'A key is not part of the manifest or plugin options schema.',
  SP_ERR_CONFIG_MISSING_KEY: 'A required key is missing.',
  SP_ERR_CONFIG_WRONG_TYPE: 'A value has the wrong type (for example text where a number belongs).',
  SP_ERR_CONFIG_BAD_VALUE: 'A value is outside what the schema allows (enum, range, pattern).',
  SP_ERR_CONFIG_UNKNOWN_PLUGIN: 'A `use:` names a plugin that is not registered for that kind.',
  SP_ERR_CONFIG_BAD_REFERENCE:
    'A pipeline names a provider, transport or cache that is not declared.',
  SP_ERR_CONFIG_SECRET_REF:
    'A ${secret:...} reference is malformed or no secret store is declared.',
  SP_ERR_PLUGIN_LOAD: 'A plugin module listed under `plugins:` could not be imported.',
  SP_ERR_PLUGIN_SHAPE: 'A plugin module does not export a valid plugin definition.',
  SP_ERR_PLUGIN_NAME_CLASH: 'Two plugins of the same kind share a name.',
  SP_ERR_PLUGIN_CORE_VERSION: 'A plugin does not support this version of stockpoller core.',
  SP_ERR_PLUGIN_START_TIMEOUT: 'A plugin did not finish start() within its timeout.',
  SP_ERR_PLUGIN_START_FAILED: 'A plugin failed to create or start.',
  SP_ERR_SECRET_NOT_FOUND: 'No configured secret store holds the referenced secret.',
  SP_ERR_SECRET_STORE_FAILED: 'A secret store failed while looking up a secret.',
  SP_ERR_CONTRACT_INVALID_RECORD:
    'A record does not match the data contract and was not published.',
  SP_ERR_CONTRACT_BAD_TIME: 'A time, date, time zone or bar interval is malformed or out of range.',
  SP_ERR_PROVIDER_FAILED: 'A provider could not return data for a symbol.',
  SP_ERR_PROVIDER_BAD_REQUEST: 'A bar request names an unserved interval or an invalid time range.',
  SP_ERR_TRANSPORT_PUBLISH_FAILED: 'A transport could not deliver a message.',
  SP_ERR_CLI_USAGE: 'The command line is wrong (unknown option, missing argument).',
  SP_ERR_INTERNAL: 'An unexpected failure inside stockpoller; please report it.',
} as const;

/** Every stable error code, `SP_ERR_<AREA>_<PROBLEM>`. */
export type ErrorCode = keyof typeof errorCatalog;
