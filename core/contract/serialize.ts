import type { Envelope } from './types.js';

const serialized = new WeakMap<Envelope, string>();

/**
 * The JSON text of an envelope, computed once per envelope object: the kernel's buffer sizes
 * batches with it and transports publish it, so each message is serialized only once.
 */
export function envelopeJson(envelope: Envelope): string {
  let text = serialized.get(envelope);
  if (text === undefined) {
    text = JSON.stringify(envelope);
    serialized.set(envelope, text);
  }
  return text;
}
