import type { Message } from 'amqplib';
import { expect } from 'chai';
import {
  describeDeadLetter,
  toRedriven,
} from '../../../plugins/transport-rabbitmq/dead-letter-message.js';

const now = Date.parse('2026-01-02T15:00:00.000Z');

function messageWith(
  headers: Record<string, unknown>,
  extra: Record<string, unknown> = {},
): Message {
  return {
    content: Buffer.from('{}'),
    fields: {
      deliveryTag: 1,
      redelivered: false,
      exchange: 'quotes.dlx',
      routingKey: 'rk.from.fields',
    },
    properties: {
      messageId: 'abc123',
      contentType: 'application/json',
      deliveryMode: 2,
      timestamp: Math.floor(now / 1000) - 600,
      headers,
      ...extra,
    },
  } as unknown as Message;
}

describe('rabbitmq dead-letter messages', () => {
  describe('describeDeadLetter()', () => {
    it('reads the reason, attempts, symbol and age this transport wrote', () => {
      const message = messageWith({
        symbol: 'AAPL',
        'x-stockpoller-reason': 'nacked',
        'x-stockpoller-attempts': 5,
        'x-stockpoller-dead-lettered-at': '2026-01-02T14:59:00.000Z',
      });

      expect(describeDeadLetter(message, now)).to.deep.equal({
        id: 'abc123',
        reason: 'nacked',
        attempts: 5,
        symbol: 'AAPL',
        ageMs: 60_000,
      });
    });

    it('falls back to the x-death header of a message the broker dead-lettered', () => {
      const message = messageWith({
        'x-death': [
          { count: 2, reason: 'rejected', time: { '!': 'timestamp', value: now / 1000 - 30 } },
        ],
      });

      expect(describeDeadLetter(message, now)).to.deep.equal({
        id: 'abc123',
        reason: 'rejected',
        attempts: 2,
        symbol: null,
        ageMs: 30_000,
      });
    });

    it('ages a message without dead-letter headers from its timestamp', () => {
      expect(describeDeadLetter(messageWith({}), now)).to.deep.include({
        reason: 'unknown',
        attempts: 0,
        ageMs: 600_000,
      });
    });
  });

  describe('toRedriven()', () => {
    it('goes back to the exchange with its first routing key and without the stay headers', () => {
      const message = messageWith({
        symbol: 'AAPL',
        'x-stockpoller-reason': 'nacked',
        'x-stockpoller-routing-key': 'quotes.polygon.AAPL',
        'x-death': [],
      });

      const redriven = toRedriven(message, 'quotes', true);

      expect(redriven.exchange).to.equal('quotes');
      expect(redriven.routingKey).to.equal('quotes.polygon.AAPL');
      expect(redriven.properties).to.deep.include({
        messageId: 'abc123',
        contentType: 'application/json',
        persistent: true,
        mandatory: true,
      });
      expect(redriven.properties.headers).to.deep.equal({ symbol: 'AAPL' });
    });

    it('uses the routing key of the delivery when no header names one', () => {
      expect(toRedriven(messageWith({}), 'quotes', false).routingKey).to.equal('rk.from.fields');
    });
  });
});
