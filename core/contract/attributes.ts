import type { Envelope } from './types.js';

/**
 * What every published message carries outside its body (AMQP headers, SQS message
 * attributes), so that consumers can route and de-duplicate without parsing JSON.
 */
export interface MessageAttributes {
  readonly contentType: 'application/json';
  /** `stockpoller.quote` or `stockpoller.bar`. */
  readonly schema: string;
  readonly schemaVersion: number;
  /** The deterministic message id of the envelope. */
  readonly messageId: string;
  readonly symbol: string;
  readonly provider: string;
  /** `quote` or `bar`. */
  readonly recordType: 'quote' | 'bar';
  readonly pipeline: string;
}

/** The attributes of an envelope. */
export function messageAttributesOf(envelope: Envelope): MessageAttributes {
  return {
    contentType: 'application/json',
    schema: envelope.schema,
    schemaVersion: envelope.schemaVersion,
    messageId: envelope.id,
    symbol: envelope.record.symbol,
    provider: envelope.record.provider,
    recordType: envelope.schema === 'stockpoller.bar' ? 'bar' : 'quote',
    pipeline: envelope.pipeline,
  };
}
