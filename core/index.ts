/**
 * The public surface of stockpoller for plugin authors and embedders: the plugin API, the
 * data contract, errors and the CLI entry point. Everything else is internal.
 */
export { definePlugin } from './plugins/define.js';
export {
  pluginKinds,
  type BarRequest,
  type CacheInstance,
  type Clock,
  type DeadLetter,
  type DeadLetterAccess,
  type DeliveryResult,
  type RedriveResult,
  type HealthStatus,
  type HttpClientOptions,
  type InstanceByKind,
  type JsonSchema,
  type KernelEvent,
  type NotifierInstance,
  type PluginContext,
  type PluginDefinition,
  type PluginInstance,
  type PluginKind,
  type ProviderCapabilities,
  type ProviderInstance,
  type QuoteOutcome,
  type SecretStoreInstance,
  type TransportInstance,
} from './plugins/types.js';
export type {
  Bar,
  ContractRecord,
  Envelope,
  Heartbeat,
  Quote,
  RecordSchemaName,
} from './contract/types.js';
export { createEnvelope, messageIdOf, recordSchemaVersions } from './contract/envelope.js';
export {
  messageAttributesOf,
  notApplicableAttribute,
  type MessageAttributes,
  type RecordType,
} from './contract/attributes.js';
export { createHeartbeatEnvelope, type HeartbeatInput } from './contract/heartbeat.js';
export { envelopeJson } from './contract/serialize.js';
export { validateEnvelope, validateRecord, type ValidationResult } from './contract/validate.js';
export { toIsoUtc, tradingDateOf, zonedMidnightUtc } from './contract/time.js';
export {
  StockpollerError,
  describeError,
  errorCatalog,
  isStockpollerError,
  type ConfigProblem,
  type ErrorCode,
  type FailureInfo,
  type FailureKind,
} from './errors/index.js';
export * from './providers/index.js';
export { coreVersion } from './version.js';
export { main } from './cli/main.js';
