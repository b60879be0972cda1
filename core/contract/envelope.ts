import { hash } from 'node:crypto';
import { canonicalJson } from './canonical-json.js';
import { toIsoUtc } from './time.js';
import type { Bar, Envelope, Heartbeat, Quote, RecordSchemaName } from './types.js';

export { canonicalJson } from './canonical-json.js';

/** The record type each record schema describes. */
export interface RecordBySchema {
  'stockpoller.quote': Quote;
  'stockpoller.bar': Bar;
  'stockpoller.heartbeat': Heartbeat;
}

/** The current major version of each record schema; envelopes carry it as `schemaVersion`. */
export const recordSchemaVersions = {
  'stockpoller.quote': 1,
  'stockpoller.bar': 1,
  'stockpoller.heartbeat': 1,
} as const satisfies Record<RecordSchemaName, number>;

/** What {@link createEnvelope} needs to wrap one record. */
export interface EnvelopeInput<S extends RecordSchemaName> {
  readonly schema: S;
  readonly record: RecordBySchema[S];
  /** Name of the pipeline that produced the record. */
  readonly pipeline: string;
  /** When the record was received: epoch milliseconds, or an ISO-8601 UTC string as is. */
  readonly fetchedAt: number | string;
}

/**
 * The deterministic id of a record: the first 32 hex digits of the SHA-256 of
 * `${schema}@${schemaVersion}\n` followed by the canonical JSON of the record. The same record
 * always gets the same id, so consumers can drop duplicates; any change of a value changes it.
 */
export function messageIdOf(
  schema: RecordSchemaName,
  schemaVersion: number,
  record: unknown,
): string {
  // One-shot hash of one string: no Hash object per record (this runs for every message).
  return hash('sha256', `${schema}@${schemaVersion}\n${canonicalJson(record)}`, 'hex').slice(0, 32);
}

/**
 * Wraps a record in an envelope of the current schema version, with its deterministic id.
 * Does not validate the record: run `validateRecord()` first on records from a provider.
 */
export function createEnvelope<S extends RecordSchemaName>(
  input: EnvelopeInput<S>,
): Envelope<RecordBySchema[S]> {
  const schemaVersion = recordSchemaVersions[input.schema];
  return {
    schema: input.schema,
    schemaVersion,
    id: messageIdOf(input.schema, schemaVersion, input.record),
    fetchedAt: typeof input.fetchedAt === 'number' ? toIsoUtc(input.fetchedAt) : input.fetchedAt,
    pipeline: input.pipeline,
    record: input.record,
  };
}
