import { createHash } from 'node:crypto';
import { toIsoUtc } from './time.js';
import type { Bar, Envelope, Heartbeat, Quote, RecordSchemaName } from './types.js';

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
 * JSON text of `value` with the keys of every object sorted, so that two objects with the same
 * content always give the same text whatever order their keys were set in. Follows
 * `JSON.stringify` otherwise: `toJSON()` is honoured, properties that are undefined, functions
 * or symbols are left out (and become null in arrays), non-finite numbers become null, and a
 * bigint throws a TypeError.
 */
export function canonicalJson(value: unknown): string {
  return serialize(value) ?? 'null';
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
  return createHash('sha256')
    .update(`${schema}@${schemaVersion}\n`)
    .update(canonicalJson(record))
    .digest('hex')
    .slice(0, 32);
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

/** Canonical JSON of one value, or undefined where JSON.stringify would leave it out. */
function serialize(value: unknown): string | undefined {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      return Number.isFinite(value) ? JSON.stringify(value) : 'null';
    case 'boolean':
      return value ? 'true' : 'false';
    case 'bigint':
      throw new TypeError('canonicalJson cannot serialize a bigint');
    case 'object':
      return value === null ? 'null' : serializeObject(value);
    default:
      return undefined;
  }
}

function serializeObject(value: object): string | undefined {
  if ('toJSON' in value && typeof value.toJSON === 'function') {
    return serialize((value.toJSON as () => unknown)());
  }
  if (Array.isArray(value)) {
    const items = (value as unknown[]).map((item) => serialize(item) ?? 'null');
    return `[${items.join(',')}]`;
  }

  const record = value as Record<string, unknown>;
  const members: string[] = [];
  for (const key of Object.keys(record).sort()) {
    const text = serialize(record[key]);
    if (text !== undefined) members.push(`${JSON.stringify(key)}:${text}`);
  }
  return `{${members.join(',')}}`;
}
