import { expect } from 'chai';
import { messageAttributesOf } from '../../../core/contract/attributes.js';
import { createHeartbeatEnvelope } from '../../../core/contract/heartbeat.js';
import {
  compileRoutingKey,
  toDeadLetter,
  toOutgoing,
  type PublishSettings,
} from '../../../plugins/transport-rabbitmq/message.js';
import { quoteEnvelope } from './fixtures.js';

const settings: PublishSettings = {
  exchange: 'quotes',
  routingKeyOf: compileRoutingKey('quotes.{provider}.{symbol}'),
  persistent: true,
  mandatory: true,
};

describe('rabbitmq messages', () => {
  describe('compileRoutingKey()', () => {
    it('fills every placeholder from the message attributes', () => {
      const routingKeyOf = compileRoutingKey(
        '{recordType}/{pipeline}/{provider}/{symbol}/{schema}/{schemaVersion}/{messageId}',
      );
      const envelope = quoteEnvelope(1, 'MSFT');

      const key = routingKeyOf(messageAttributesOf(envelope));

      expect(key).to.equal(`quote/us-equities/polygon/MSFT/stockpoller_quote/1/${envelope.id}`);
    });

    it('turns dots inside values into underscores so that a symbol stays one topic word', () => {
      const key = settings.routingKeyOf(messageAttributesOf(quoteEnvelope(1, 'BRK.B')));

      expect(key).to.equal('quotes.polygon.BRK_B');
    });

    it('routes a heartbeat with - for the provider and symbol it lacks', () => {
      const heartbeat = createHeartbeatEnvelope({
        pipeline: 'us-equities',
        exchange: 'XNYS',
        phase: 'closed',
        nextOpenMs: Date.parse('2026-11-27T14:30:00.000Z'),
        nowMs: Date.parse('2026-11-26T15:00:00.000Z'),
      });
      const byType = compileRoutingKey('{recordType}.{pipeline}.{symbol}');

      expect(settings.routingKeyOf(messageAttributesOf(heartbeat))).to.equal('quotes.-.-');
      expect(byType(messageAttributesOf(heartbeat))).to.equal('heartbeat.us-equities.-');
    });

    it('rejects a placeholder that is not a message attribute', () => {
      expect(() => compileRoutingKey('quotes.{exchange}.{symbol}'))
        .to.throw(/unknown placeholder \{exchange\}/)
        .with.property('code', 'SP_ERR_CONFIG_BAD_VALUE');
    });
  });

  describe('toOutgoing()', () => {
    it('carries content type, message id, persistence and the attributes as headers', () => {
      const envelope = quoteEnvelope(2);

      const message = toOutgoing(envelope, settings);

      expect(message.exchange).to.equal('quotes');
      expect(message.routingKey).to.equal('quotes.polygon.AAPL');
      expect(JSON.parse(message.content.toString('utf8'))).to.deep.equal(envelope);
      expect(message.properties).to.deep.include({
        contentType: 'application/json',
        messageId: envelope.id,
        type: 'stockpoller.quote',
        appId: 'stockpoller',
        timestamp: Math.floor(Date.parse(envelope.fetchedAt) / 1000),
        persistent: true,
        mandatory: true,
      });
      expect(message.properties.headers).to.deep.equal({ ...messageAttributesOf(envelope) });
    });

    it('publishes transient messages when persistence is off', () => {
      const message = toOutgoing(quoteEnvelope(3), { ...settings, persistent: false });

      expect(message.properties.persistent).to.equal(false);
    });
  });

  describe('toDeadLetter()', () => {
    it('keeps the routing key and says why, after how many attempts, from where and when', () => {
      const original = toOutgoing(quoteEnvelope(4), { ...settings, mandatory: false });

      const letter = toDeadLetter(original, 'quotes.dlx', 'nacked', 5, Date.UTC(2026, 0, 2));

      expect(letter.exchange).to.equal('quotes.dlx');
      expect(letter.routingKey).to.equal(original.routingKey);
      expect(letter.content).to.equal(original.content);
      expect(letter.properties.mandatory).to.equal(true);
      expect(letter.properties.headers).to.deep.include({
        symbol: 'AAPL',
        'x-stockpoller-reason': 'nacked',
        'x-stockpoller-attempts': 5,
        'x-stockpoller-exchange': 'quotes',
        'x-stockpoller-routing-key': 'quotes.polygon.AAPL',
        'x-stockpoller-dead-lettered-at': '2026-01-02T00:00:00.000Z',
      });
    });
  });
});
