import type { Envelope, RecordSchemaName } from './types.js';

/** Kind of record a message carries, as a short word for routing keys and filters. */
export type RecordType = 'quote' | 'bar' | 'heartbeat';

/**
 * What a heartbeat carries as its `symbol` and `provider` attributes, which it does not have.
 * Not empty, since SQS rejects an empty attribute, and never a ticker (tickers start with a
 * letter or digit), so a routing key such as `quotes.{provider}.{symbol}` stays three words.
 */
export const notApplicableAttribute = '-';

const recordTypeOfSchema = {
  'stockpoller.quote': 'quote',
  'stockpoller.bar': 'bar',
  'stockpoller.heartbeat': 'heartbeat',
} as const satisfies Record<RecordSchemaName, RecordType>;

/**
 * What every published message carries outside its body (AMQP headers, SQS message
 * attributes), so that consumers can route and de-duplicate without parsing JSON.
 */
export interface MessageAttributes {
  readonly contentType: 'application/json';
  /** `stockpoller.quote`, `stockpoller.bar` or `stockpoller.heartbeat`. */
  readonly schema: string;
  readonly schemaVersion: number;
  /** The deterministic message id of the envelope. */
  readonly messageId: string;
  /** The record's ticker; `-` for a heartbeat. */
  readonly symbol: string;
  /** The provider plugin of the record; `-` for a heartbeat. */
  readonly provider: string;
  readonly recordType: RecordType;
  readonly pipeline: string;
}

/** The attributes of an envelope. */
export function messageAttributesOf(envelope: Envelope): MessageAttributes {
  const { record } = envelope;
  const market = 'symbol' in record ? record : undefined;
  return {
    contentType: 'application/json',
    schema: envelope.schema,
    schemaVersion: envelope.schemaVersion,
    messageId: envelope.id,
    symbol: market?.symbol ?? notApplicableAttribute,
    provider: market?.provider ?? notApplicableAttribute,
    recordType: recordTypeOfSchema[envelope.schema],
    pipeline: envelope.pipeline,
  };
}
