import { expect } from 'chai';
import { messageAttributesOf } from '../../../core/contract/attributes.js';
import { createHeartbeatEnvelope } from '../../../core/contract/heartbeat.js';
import type { Envelope } from '../../../core/contract/types.js';

describe('messageAttributesOf()', () => {
  it('lifts routing and de-duplication fields out of the envelope', () => {
    const envelope: Envelope = {
      schema: 'stockpoller.bar',
      schemaVersion: 1,
      id: 'a'.repeat(32),
      fetchedAt: '2026-03-10T15:00:00.000Z',
      pipeline: 'daily',
      record: {
        symbol: 'MSFT',
        provider: 'polygon',
        interval: '1d',
        date: '2026-03-09',
        timestamp: '2026-03-09T04:00:00.000Z',
        open: 1,
        high: 2,
        low: 1,
        close: 2,
        volume: 10,
      },
    };
    expect(messageAttributesOf(envelope)).to.deep.equal({
      contentType: 'application/json',
      schema: 'stockpoller.bar',
      schemaVersion: 1,
      messageId: 'a'.repeat(32),
      symbol: 'MSFT',
      provider: 'polygon',
      recordType: 'bar',
      pipeline: 'daily',
    });
  });

  it('gives a heartbeat the type heartbeat and - for the symbol and provider it lacks', () => {
    const envelope = createHeartbeatEnvelope({
      pipeline: 'us-equities',
      exchange: 'XNYS',
      phase: 'closed',
      nextOpenMs: Date.parse('2026-11-27T14:30:00.000Z'),
      nowMs: Date.parse('2026-11-26T15:00:00.000Z'),
    });

    expect(messageAttributesOf(envelope)).to.include({
      schema: 'stockpoller.heartbeat',
      recordType: 'heartbeat',
      symbol: '-',
      provider: '-',
      pipeline: 'us-equities',
      messageId: envelope.id,
    });
  });
});
