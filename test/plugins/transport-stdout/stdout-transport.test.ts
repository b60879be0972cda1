import { PassThrough, Writable } from 'node:stream';
import { expect } from 'chai';
import sinon from 'sinon';
import { createEnvelope } from '../../../core/contract/envelope.js';
import { createHeartbeatEnvelope } from '../../../core/contract/heartbeat.js';
import type { Envelope, Quote } from '../../../core/contract/types.js';
import type { StdoutOptions } from '../../../plugins/transport-stdout/options-schema.js';
import { createStdoutTransport } from '../../../plugins/transport-stdout/stdout-transport.js';
import { createTestContext } from '../../helpers/plugin-context.js';

const compact: StdoutOptions = { format: 'envelope', pretty: false };

function envelopeOf(price: number): Envelope<Quote> {
  const record: Quote = {
    symbol: 'AAPL',
    provider: 'simulated',
    price,
    open: null,
    high: null,
    low: null,
    close: null,
    previousClose: null,
    change: null,
    changePercent: null,
    volume: null,
    currency: 'USD',
    timestamp: '2026-03-10T15:00:00.000Z',
  };
  return createEnvelope({ schema: 'stockpoller.quote', record, pipeline: 'main', fetchedAt: 0 });
}

/** Everything written to a PassThrough so far. */
function readAll(stream: PassThrough): string {
  const chunks: Buffer[] = [];
  for (
    let chunk = stream.read() as Buffer | null;
    chunk !== null;
    chunk = stream.read() as Buffer | null
  ) {
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** A stream that fails every write, the way a closed pipe does. */
function createBrokenStream(): Writable {
  return new Writable({
    write(_chunk, _encoding, callback) {
      callback(Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
    },
  });
}

describe('stdout transport', () => {
  const { log } = createTestContext();

  afterEach(() => {
    sinon.restore();
  });

  describe('publish()', () => {
    it('writes each envelope as one JSON line and reports it delivered', async () => {
      const stream = new PassThrough();
      const transport = createStdoutTransport(compact, stream, log);
      const envelopes = [envelopeOf(1), envelopeOf(2)];

      const results = await transport.publish(envelopes);

      expect(results).to.deep.equal(envelopes.map(({ id }) => ({ id, delivered: true })));
      const lines = readAll(stream).split('\n');
      expect(lines).to.have.length(3);
      expect(lines[2]).to.equal('');
      expect(lines.slice(0, 2).map((line) => JSON.parse(line) as unknown)).to.deep.equal(envelopes);
    });

    it('writes only the records in record format', async () => {
      const stream = new PassThrough();
      const transport = createStdoutTransport({ format: 'record', pretty: false }, stream, log);
      const envelope = envelopeOf(3);

      await transport.publish([envelope]);

      expect(readAll(stream)).to.equal(`${JSON.stringify(envelope.record)}\n`);
    });

    it('writes a heartbeat like any other record', async () => {
      const stream = new PassThrough();
      const transport = createStdoutTransport(compact, stream, log);
      const heartbeat = createHeartbeatEnvelope({
        pipeline: 'main',
        exchange: 'XNYS',
        phase: 'closed',
        nextOpenMs: Date.parse('2026-11-27T14:30:00.000Z'),
        nowMs: Date.parse('2026-11-26T15:00:00.000Z'),
      });

      const results = await transport.publish([heartbeat]);

      expect(results).to.deep.equal([{ id: heartbeat.id, delivered: true }]);
      expect(JSON.parse(readAll(stream))).to.deep.equal(heartbeat);
    });

    it('indents by 2 spaces when pretty, one JSON value per message', async () => {
      const stream = new PassThrough();
      const transport = createStdoutTransport({ format: 'envelope', pretty: true }, stream, log);
      const envelopes = [envelopeOf(4), envelopeOf(5)];

      await transport.publish(envelopes);

      const expected = envelopes
        .map((envelope) => `${JSON.stringify(envelope, null, 2)}\n`)
        .join('');
      expect(readAll(stream)).to.equal(expected);
    });

    it('waits for drain when the stream is full, then delivers everything in order', async () => {
      const stream = new PassThrough({ highWaterMark: 64 });
      const transport = createStdoutTransport(compact, stream, log);
      const envelopes = Array.from({ length: 20 }, (_, index) => envelopeOf(index + 1));
      let settled = false;

      const publishing = transport.publish(envelopes).finally(() => {
        settled = true;
      });
      await new Promise((resolve) => setImmediate(resolve));

      expect(settled).to.equal(false);
      expect(stream.listenerCount('drain')).to.equal(1);
      let output = '';
      stream.on('data', (chunk: Buffer) => {
        output += chunk.toString('utf8');
      });
      const results = await publishing;
      expect(results.every((result) => result.delivered)).to.equal(true);
      expect(
        output
          .trimEnd()
          .split('\n')
          .map((line) => (JSON.parse(line) as Envelope).id),
      ).to.deep.equal(envelopes.map((envelope) => envelope.id));
    });

    it('fails the messages with SP_ERR_TRANSPORT_PUBLISH_FAILED when the stream errors', async () => {
      const transport = createStdoutTransport(compact, createBrokenStream(), log);
      const envelopes = [envelopeOf(1), envelopeOf(2)];

      const results = await transport.publish(envelopes);

      expect(results.map((result) => result.id)).to.deep.equal(
        envelopes.map((envelope) => envelope.id),
      );
      for (const result of results) {
        expect(result.delivered).to.equal(false);
        expect(result).to.have.nested.property('error.code', 'SP_ERR_TRANSPORT_PUBLISH_FAILED');
        expect(result).to.have.nested.property('error.message').that.includes('EPIPE');
      }
    });

    it('keeps failing later batches after a stream error, and logs it once', async () => {
      const errorLog = sinon.spy(log, 'error');
      const transport = createStdoutTransport(compact, createBrokenStream(), log);
      await transport.publish([envelopeOf(1)]);

      const [result] = await transport.publish([envelopeOf(2)]);

      expect(result).to.have.property('delivered', false);
      expect(errorLog.callCount).to.equal(1);
      expect(errorLog.firstCall.args[1]).to.equal('output stream failed');
    });
  });

  describe('stop()', () => {
    it('is idempotent and leaves the stream open', async () => {
      const stream = new PassThrough();
      const transport = createStdoutTransport(compact, stream, log);

      await transport.stop?.();
      await transport.stop?.();

      expect(stream.writableEnded).to.equal(false);
      expect(stream.destroyed).to.equal(false);
    });

    it('makes later publishes fail instead of writing', async () => {
      const stream = new PassThrough();
      const transport = createStdoutTransport(compact, stream, log);
      await transport.stop?.();

      const [result] = await transport.publish([envelopeOf(1)]);

      expect(result).to.have.nested.property('error.message').that.includes('stopped');
      expect(readAll(stream)).to.equal('');
    });

    it('waits for a publish in progress before it resolves', async () => {
      const stream = new PassThrough({ highWaterMark: 16 });
      const transport = createStdoutTransport(compact, stream, log);
      const publishing = transport.publish([envelopeOf(1), envelopeOf(2)]);
      const stopping = transport.stop?.();

      stream.resume();
      const results = await publishing;
      await stopping;

      expect(results.every((result) => result.delivered)).to.equal(true);
    });
  });
});
