import { expect } from 'chai';
import { createHeartbeatEnvelope, type HeartbeatInput } from '../../../core/contract/heartbeat.js';
import { validateEnvelope } from '../../../core/contract/validate.js';

const closedOnThanksgiving: HeartbeatInput = {
  pipeline: 'us-equities',
  exchange: 'XNYS',
  phase: 'closed',
  nextOpenMs: Date.parse('2026-11-27T14:30:00.000Z'),
  nowMs: Date.parse('2026-11-26T15:00:00.000Z'),
};

describe('heartbeat', () => {
  describe('createHeartbeatEnvelope()', () => {
    it('wraps the market state in a contract-valid envelope', () => {
      const envelope = createHeartbeatEnvelope(closedOnThanksgiving);

      expect(validateEnvelope(envelope)).to.deep.equal({ valid: true });
      expect(envelope).to.include({
        schema: 'stockpoller.heartbeat',
        schemaVersion: 1,
        pipeline: 'us-equities',
        fetchedAt: '2026-11-26T15:00:00.000Z',
      });
      expect(envelope.record).to.deep.equal({
        pipeline: 'us-equities',
        exchange: 'XNYS',
        phase: 'closed',
        nextOpen: '2026-11-27T14:30:00.000Z',
        timestamp: '2026-11-26T15:00:00.000Z',
      });
    });

    it('gives the same heartbeat the same id every time', () => {
      const first = createHeartbeatEnvelope(closedOnThanksgiving);
      const again = createHeartbeatEnvelope({ ...closedOnThanksgiving });

      expect(again.id)
        .to.equal(first.id)
        .and.to.match(/^[0-9a-f]{32}$/);
    });

    it('gives another instant or another pipeline another id', () => {
      const first = createHeartbeatEnvelope(closedOnThanksgiving);
      const later = createHeartbeatEnvelope({ ...closedOnThanksgiving, nowMs: 1 });
      const other = createHeartbeatEnvelope({ ...closedOnThanksgiving, pipeline: 'nasdaq' });

      expect(new Set([first.id, later.id, other.id]).size).to.equal(3);
    });

    it('writes null when no next opening is known', () => {
      const envelope = createHeartbeatEnvelope({ ...closedOnThanksgiving, nextOpenMs: null });

      expect(envelope.record.nextOpen).to.equal(null);
      expect(validateEnvelope(envelope)).to.deep.equal({ valid: true });
    });
  });
});
