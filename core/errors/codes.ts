/** What a code means and what usually fixes it; the README's table is generated from these. */
export interface ErrorCodeInfo {
  readonly description: string;
  readonly fix: string;
}

/**
 * The catalog of every stable error code. Codes are never reused once retired; the README's
 * "Error codes" table is checked against this object by a test.
 */
export const errorCatalog = {
  SP_ERR_CONFIG_NOT_FOUND: {
    description: 'No manifest was found, or the file given to --config does not exist.',
    fix: 'Run from the folder that holds stockpoller.yaml, or pass --config.',
  },
  SP_ERR_CONFIG_READ: {
    description: 'A manifest or overlay file exists but could not be read.',
    fix: 'Check the file is readable UTF-8 text.',
  },
  SP_ERR_CONFIG_TOO_LARGE: {
    description: 'A manifest or overlay file is larger than the 1 MiB limit.',
    fix: 'Move long symbol lists out of the manifest or split the deployment.',
  },
  SP_ERR_CONFIG_YAML_SYNTAX: {
    description: 'A manifest or overlay file is not valid YAML.',
    fix: 'Fix the YAML at the position shown (indentation, quotes, brackets, tabs).',
  },
  SP_ERR_CONFIG_DUPLICATE_KEY: {
    description: 'The same key appears twice in one mapping.',
    fix: 'Keep one of the two keys.',
  },
  SP_ERR_CONFIG_ALIAS_LIMIT: {
    description: 'YAML aliases expand beyond the limit (a "YAML bomb").',
    fix: 'Write the values out instead of nesting aliases.',
  },
  SP_ERR_CONFIG_UNKNOWN_ENV: {
    description: 'The environment given by --env or STOCKPOLLER_ENV has no overlay.',
    fix: 'Use one of the overlays listed, or create configs/<env>.yaml.',
  },
  SP_ERR_CONFIG_UNSET_VARIABLE: {
    description: 'A ${VAR} reference names a variable that is not set.',
    fix: 'Export the variable, or give a default with ${VAR:-default}.',
  },
  SP_ERR_CONFIG_BAD_INTERPOLATION: {
    description: 'A ${...} expression is malformed.',
    fix: 'Close the brace and use a valid variable name; write $${ for a literal ${.',
  },
  SP_ERR_CONFIG_UNKNOWN_KEY: {
    description: 'A key is not part of the manifest or plugin options schema.',
    fix: 'Fix the spelling (the hint suggests the closest key) or remove it.',
  },
  SP_ERR_CONFIG_MISSING_KEY: {
    description: 'A required key is missing.',
    fix: 'Add the key named in the message.',
  },
  SP_ERR_CONFIG_WRONG_TYPE: {
    description: 'A value has the wrong type (for example text where a number belongs).',
    fix: 'Write the value as the type named, without quotes for numbers and booleans.',
  },
  SP_ERR_CONFIG_BAD_VALUE: {
    description: 'A value is outside what the schema allows (enum, range, pattern).',
    fix: 'Use one of the allowed values or the format the hint shows.',
  },
  SP_ERR_CONFIG_UNKNOWN_PLUGIN: {
    description: 'A `use:` names a plugin that is not registered for that kind.',
    fix: 'Fix the name (see `stockpoller plugins`) or list its module under `plugins:`.',
  },
  SP_ERR_CONFIG_BAD_REFERENCE: {
    description:
      'A pipeline names an undeclared provider or transport, or a provider an undeclared cache.',
    fix: 'Declare the instance, or fix the name to one that is declared.',
  },
  SP_ERR_CONFIG_SECRET_REF: {
    description: 'A ${secret:...} reference is malformed or cannot be resolved where it is.',
    fix: 'Declare a secret store under secretStores:; give secret stores ${VAR}s instead.',
  },
  SP_ERR_CONFIG_SYMBOLS_FILE: {
    description: "A pipeline's `symbolsFile` cannot be read or holds a line that is not a ticker.",
    fix: 'Fix the path (relative to the manifest) or the line the message points at.',
  },
  SP_ERR_PLUGIN_LOAD: {
    description: 'A plugin module listed under `plugins:` could not be imported.',
    fix: 'Install the package, fix the path (relative to the manifest) or the module.',
  },
  SP_ERR_PLUGIN_SHAPE: {
    description: 'A plugin module does not export a valid plugin definition.',
    fix: 'Export definePlugin({ kind, name, version, core, optionsSchema, create }).',
  },
  SP_ERR_PLUGIN_NAME_CLASH: {
    description: 'Two plugins of the same kind share a name.',
    fix: 'Rename one plugin or load only one of them.',
  },
  SP_ERR_PLUGIN_CORE_VERSION: {
    description: 'A plugin does not support this version of stockpoller core.',
    fix: 'Install a plugin version whose `core` range includes this version.',
  },
  SP_ERR_PLUGIN_START_TIMEOUT: {
    description: 'A plugin did not finish start() within its timeout.',
    fix: 'Check what the plugin connects to, or raise startTimeoutMs of the instance.',
  },
  SP_ERR_PLUGIN_START_FAILED: {
    description: 'A plugin failed to create or start.',
    fix: 'Read the cause in the message; fix the options or what the plugin connects to.',
  },
  SP_ERR_SECRET_NOT_FOUND: {
    description: 'No configured secret store holds the referenced secret.',
    fix: 'Create the secret in a store, or fix the path in ${secret:...}.',
  },
  SP_ERR_SECRET_STORE_FAILED: {
    description: 'A secret store failed while looking up a secret.',
    fix: 'Check the store is reachable and its credentials are valid.',
  },
  SP_ERR_CONTRACT_INVALID_RECORD: {
    description: 'A record does not match the data contract and was not published.',
    fix: 'Report it against the provider plugin: its mapping is wrong for this response.',
  },
  SP_ERR_CONTRACT_BAD_TIME: {
    description: 'A time, date, time zone or bar interval is malformed or out of range.',
    fix: 'Use ISO-8601 dates and instants, IANA zones and intervals such as 5m or 1d.',
  },
  SP_ERR_PROVIDER_AUTH: {
    description: 'The provider rejected the credentials (kind `auth`).',
    fix: 'Check the API key in the secret store and that it is active.',
  },
  SP_ERR_PROVIDER_NOT_FOUND: {
    description: 'The provider does not know the symbol (kind `not_found`).',
    fix: "Fix the ticker, or use the provider's spelling of it (BRK.B vs BRK-B).",
  },
  SP_ERR_PROVIDER_NO_DATA: {
    description: 'The provider has no data for the symbol or range asked (kind `no_data`).',
    fix: 'Ask for a range with trading days, or check the plan covers that history.',
  },
  SP_ERR_PROVIDER_RATE_LIMITED: {
    description: 'The provider refused the call for its rate limit or quota (kind `rate_limited`).',
    fix: 'Wait for the window to reset, poll less often, or raise the plan.',
  },
  SP_ERR_PROVIDER_PLAN_REQUIRED: {
    description: "The key's plan does not include this data or endpoint (kind `plan_required`).",
    fix: 'Upgrade the plan, or use an endpoint or feed the plan includes.',
  },
  SP_ERR_PROVIDER_MALFORMED: {
    description: 'The response is not what the endpoint documents (kind `malformed`).',
    fix: 'Check baseUrl points at the provider; report it if the provider changed its API.',
  },
  SP_ERR_PROVIDER_UNAVAILABLE: {
    description: 'The provider could not be reached or failed (timeout, reset, 5xx).',
    fix: 'Nothing, usually: it is retried; check the network if it persists.',
  },
  SP_ERR_PROVIDER_BAD_REQUEST: {
    description: 'A bar request names an unserved interval or an invalid time range.',
    fix: 'Use an interval the provider lists and a range whose start is before its end.',
  },
  SP_ERR_PROVIDER_CIRCUIT_OPEN: {
    description: 'Calls of a provider instance fail fast: it failed too often in a row.',
    fix: 'Usually nothing: it probes again after openFor; check the provider if it persists.',
  },
  SP_ERR_TRANSPORT_PUBLISH_FAILED: {
    description: 'A transport could not deliver a message.',
    fix: 'Check the destination is reachable and accepts the messages.',
  },
  SP_ERR_TRANSPORT_SETUP_FAILED: {
    description: 'A transport could not reach or prepare its destination when it started.',
    fix: 'Check credentials, region, endpoint, permissions and that the path or host exists.',
  },
  SP_ERR_TRANSPORT_QUEUE_NOT_FOUND: {
    description: 'The queue a transport publishes to does not exist.',
    fix: 'Create the queue, fix its name, URL or region, or set assert: true to create it.',
  },
  SP_ERR_TRANSPORT_QUEUE_MISMATCH: {
    description: 'With assert: true, an existing queue has settings other than the options.',
    fix: 'Change the options to match the queue, or change the queue; it is never altered.',
  },
  SP_ERR_TRANSPORT_DEAD_LETTERS: {
    description: 'The dead-letter queue is not configured or could not be read or redriven.',
    fix: 'Give the queue a redrive policy (assert: true) and allow receive, send and delete.',
  },
  SP_ERR_TRANSPORT_UNAVAILABLE: {
    description: 'The broker was unreachable or did not confirm a message in time.',
    fix: 'Check the broker is up and not blocking publishers; raise publishTimeoutMs.',
  },
  SP_ERR_TRANSPORT_REJECTED: {
    description: 'The broker refused a message on every attempt (nack, no route).',
    fix: 'Bind a queue matching the routing key or free the full queue; or dead-letter.',
  },
  SP_ERR_TRANSPORT_DEAD_LETTERED: {
    description: 'A message the broker kept refusing was moved to the dead-letter queue.',
    fix: 'Fix the cause in its reason header, then run `stockpoller dlq redrive`.',
  },
  SP_ERR_BACKFILL_CHECKPOINT: {
    description: 'A backfill checkpoint cannot be read or written, or is of another backfill.',
    fix: 'Check the folder is writable, or use --checkpoint on a writable volume or --checkpoint-cache; or pass --restart.',
  },
  SP_ERR_CLI_USAGE: {
    description: 'The command line is wrong (an option value that cannot be used).',
    fix: 'See `stockpoller <command> --help`.',
  },
  SP_ERR_INTERNAL: {
    description: 'An unexpected failure inside stockpoller.',
    fix: 'Please report it, with the output of the run and STOCKPOLLER_DEBUG=1.',
  },
} as const satisfies Record<string, ErrorCodeInfo>;

/** Every stable error code, `SP_ERR_<AREA>_<PROBLEM>`. */
export type ErrorCode = keyof typeof errorCatalog;
