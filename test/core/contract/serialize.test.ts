import { expect } from 'chai';
import { envelopeJson } from '../../../core/contract/serialize.js';
import type { Envelope } from '../../../core/contract/types.js';

describe('envelopeJson()', () => {
  it('serializes an envelope once and returns the same text after', () => {
    const envelope = { schema: 'stockpoller.quote', id: 'x' } as unknown as Envelope;
    const first = envelopeJson(envelope);
    (envelope as unknown as { id: string }).id = 'changed';

    expect(first).to.equal('{"schema":"stockpoller.quote","id":"x"}');
    expect(envelopeJson(envelope)).to.equal(first);
  });
});
