import { expect } from 'chai';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, open, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sinon from 'sinon';
import { createEnvelope } from '../../../core/contract/envelope.js';
import { createHeartbeatEnvelope } from '../../../core/contract/heartbeat.js';
import type { Envelope, Quote } from '../../../core/contract/types.js';
import { createFileTransport } from '../../../plugins/transport-file/file-transport.js';
import type { FileOptions } from '../../../plugins/transport-file/options-schema.js';
import { createTestContext } from '../../helpers/plugin-context.js';

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

/** Envelopes whose JSON lines all have the same length (prices 1001 to 1000 + count). */
function envelopes(count: number): Envelope<Quote>[] {
  return Array.from({ length: count }, (_, index) => envelopeOf(1001 + index));
}

function lineBytes(envelope: Envelope): number {
  return Buffer.byteLength(`${JSON.stringify(envelope)}\n`);
}

/** The envelope ids in a JSON lines file. */
function idsIn(file: string): string[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => (JSON.parse(line) as Envelope).id);
}

describe('file transport', () => {
  const { log } = createTestContext();
  let directory: string;
  let file: string;

  const optionsWith = (overrides: Partial<FileOptions> = {}): FileOptions => ({
    path: file,
    format: 'envelope',
    maxBytes: 0,
    maxFiles: 5,
    fsync: 'never',
    ...overrides,
  });

  beforeEach(async () => {
    directory = await mkdtemp(path.join(tmpdir(), 'stockpoller-file-'));
    file = path.join(directory, 'quotes.jsonl');
  });

  afterEach(async () => {
    sinon.restore();
    await rm(directory, { recursive: true, force: true });
  });

  describe('publish()', () => {
    it('appends each envelope as one JSON line after what the file held', async () => {
      await writeFile(file, '{"kept":true}\n');
      const transport = createFileTransport(optionsWith(), log);
      const [first, second] = [envelopes(2), [envelopeOf(7)]];

      const results = [...(await transport.publish(first)), ...(await transport.publish(second))];

      expect(results).to.deep.equal(
        [...first, ...second].map(({ id }) => ({ id, delivered: true })),
      );
      const lines = readFileSync(file, 'utf8').split('\n');
      expect(lines[0]).to.equal('{"kept":true}');
      expect(lines.slice(1, 4).map((line) => JSON.parse(line) as unknown)).to.deep.equal([
        ...first,
        ...second,
      ]);
      expect(lines[4]).to.equal('');
    });

    it('writes only the records in record format', async () => {
      const transport = createFileTransport(optionsWith({ format: 'record' }), log);
      const envelope = envelopeOf(3);

      await transport.publish([envelope]);

      expect(readFileSync(file, 'utf8')).to.equal(`${JSON.stringify(envelope.record)}\n`);
    });

    it('writes the record of a heartbeat in record format', async () => {
      const transport = createFileTransport(optionsWith({ format: 'record' }), log);
      const heartbeat = createHeartbeatEnvelope({
        pipeline: 'main',
        exchange: 'XNYS',
        phase: 'closed',
        nextOpenMs: Date.parse('2026-11-27T14:30:00.000Z'),
        nowMs: Date.parse('2026-11-26T15:00:00.000Z'),
      });

      await transport.publish([heartbeat]);

      expect(readFileSync(file, 'utf8')).to.equal(`${JSON.stringify(heartbeat.record)}\n`);
    });

    it('keeps batches whole and in order when they are published at once', async () => {
      const transport = createFileTransport(optionsWith(), log);
      const batches = [
        envelopes(3),
        [envelopeOf(50)],
        envelopes(2).map((e) => envelopeOf(e.record.price + 100)),
      ];

      await Promise.all(batches.map((batch) => transport.publish(batch)));

      expect(idsIn(file)).to.deep.equal(batches.flat().map(({ id }) => id));
    });

    it('recreates the file when it was removed between two batches', async () => {
      const transport = createFileTransport(optionsWith(), log);
      await transport.publish([envelopeOf(1)]);
      await rm(file);

      const [result] = await transport.publish([envelopeOf(2)]);

      expect(result).to.have.property('delivered', true);
      expect(idsIn(file)).to.deep.equal([envelopeOf(2).id]);
    });
  });

  describe('rotation', () => {
    it('moves full files to path.1, path.2, ... and keeps at most maxFiles of them', async () => {
      const batch = envelopes(7);
      const maxBytes = lineBytes(batch[0]!) * 2;
      const transport = createFileTransport(optionsWith({ maxBytes, maxFiles: 2 }), log);

      const results = await transport.publish(batch);

      expect(results.every((result) => result.delivered)).to.equal(true);
      const ids = batch.map(({ id }) => id);
      expect(idsIn(file)).to.deep.equal(ids.slice(6));
      expect(idsIn(`${file}.1`)).to.deep.equal(ids.slice(4, 6));
      expect(idsIn(`${file}.2`)).to.deep.equal(ids.slice(2, 4));
      expect((await readdir(directory)).sort()).to.deep.equal(
        ['quotes.jsonl', 'quotes.jsonl.1', 'quotes.jsonl.2'].sort(),
      );
      for (const name of await readdir(directory)) {
        expect((await stat(path.join(directory, name))).size).to.be.at.most(maxBytes);
      }
    });

    it('rotates the same way when messages come one batch at a time', async () => {
      const batch = envelopes(5);
      const transport = createFileTransport(
        optionsWith({ maxBytes: lineBytes(batch[0]!) * 2, maxFiles: 5 }),
        log,
      );

      for (const envelope of batch) await transport.publish([envelope]);

      const ids = batch.map(({ id }) => id);
      expect([idsIn(`${file}.2`), idsIn(`${file}.1`), idsIn(file)]).to.deep.equal([
        ids.slice(0, 2),
        ids.slice(2, 4),
        ids.slice(4),
      ]);
    });

    it('gives a line longer than maxBytes a file of its own', async () => {
      const transport = createFileTransport(optionsWith({ maxBytes: 100 }), log);
      const batch = envelopes(2);

      await transport.publish(batch);

      expect(idsIn(`${file}.1`)).to.deep.equal([batch[0]!.id]);
      expect(idsIn(file)).to.deep.equal([batch[1]!.id]);
    });

    it('never rotates when maxBytes is 0', async () => {
      const transport = createFileTransport(optionsWith({ maxBytes: 0 }), log);

      await transport.publish(envelopes(20));

      expect(existsSync(`${file}.1`)).to.equal(false);
      expect(idsIn(file)).to.have.length(20);
    });
  });

  describe('fsync policy', () => {
    /** Spies on datasync() of every file handle (the class is not exported by node:fs). */
    async function spyOnDatasync(): Promise<sinon.SinonSpy> {
      const probe = await open(path.join(directory, 'probe'), 'w');
      const prototype = Object.getPrototypeOf(probe) as { datasync: () => Promise<void> };
      await probe.close();
      return sinon.spy(prototype, 'datasync');
    }

    it('flushes every batch to disk before reporting it delivered with fsync: batch', async () => {
      const datasync = await spyOnDatasync();
      const transport = createFileTransport(optionsWith({ fsync: 'batch' }), log);

      await transport.publish(envelopes(3));
      await transport.publish(envelopes(2));

      expect(datasync.callCount).to.equal(2);
    });

    it('flushes the old file and the directory when it rotates with fsync: batch', async () => {
      const batch = envelopes(3);
      const datasync = await spyOnDatasync();
      const transport = createFileTransport(
        optionsWith({ fsync: 'batch', maxBytes: lineBytes(batch[0]!) * 2 }),
        log,
      );

      await transport.publish(batch);

      // The lines before the rotation, the directory after the rename, the line after it.
      expect(datasync.callCount).to.equal(3);
    });

    it('never flushes with fsync: never', async () => {
      const datasync = await spyOnDatasync();
      const transport = createFileTransport(optionsWith({ fsync: 'never', maxBytes: 1000 }), log);

      await transport.publish(envelopes(10));

      expect(datasync.callCount).to.equal(0);
    });
  });

  describe('failures', () => {
    it('fails every message as not_found when the directory is missing', async () => {
      file = path.join(directory, 'missing', 'quotes.jsonl');
      const transport = createFileTransport(optionsWith(), log);
      const batch = envelopes(2);

      const results = await transport.publish(batch);

      expect(results.map((result) => result.id)).to.deep.equal(batch.map(({ id }) => id));
      for (const result of results) {
        expect(result).to.have.nested.property('error.code', 'SP_ERR_TRANSPORT_PUBLISH_FAILED');
        expect(result).to.have.deep.nested.property('error.failure', {
          kind: 'not_found',
          retryable: false,
        });
        expect(result).to.have.nested.property('error.message').that.includes('ENOENT');
      }
    });

    it('delivers again once the directory exists', async () => {
      file = path.join(directory, 'later', 'quotes.jsonl');
      const transport = createFileTransport(optionsWith(), log);
      await transport.publish([envelopeOf(1)]);
      await mkdir(path.dirname(file));

      const [result] = await transport.publish([envelopeOf(2)]);

      expect(result).to.have.property('delivered', true);
    });

    it('fails as bad_request when path is a directory', async () => {
      file = directory;
      const transport = createFileTransport(optionsWith(), log);

      const [result] = await transport.publish([envelopeOf(1)]);

      expect(result).to.have.nested.property('error.failure.kind', 'bad_request');
    });
  });

  describe('start()', () => {
    it('fails with SP_ERR_TRANSPORT_SETUP_FAILED when the directory is missing', async () => {
      file = path.join(directory, 'missing', 'quotes.jsonl');
      const transport = createFileTransport(optionsWith(), log);

      const error = await transport.start?.().then(
        () => undefined,
        (failure: unknown) => failure,
      );

      expect(error).to.have.property('code', 'SP_ERR_TRANSPORT_SETUP_FAILED');
      expect(error).to.have.nested.property('failure.kind', 'not_found');
    });

    it('creates the file', async () => {
      await createFileTransport(optionsWith(), log).start?.();

      expect(existsSync(file)).to.equal(true);
    });
  });

  describe('stop()', () => {
    it('is idempotent, waits for writes in progress and refuses later ones', async () => {
      const transport = createFileTransport(optionsWith(), log);
      const publishing = transport.publish(envelopes(3));

      await transport.stop?.();
      await transport.stop?.();
      const [late] = await transport.publish([envelopeOf(9)]);

      expect((await publishing).every((result) => result.delivered)).to.equal(true);
      expect(late).to.have.nested.property('error.message').that.includes('stopped');
      expect(idsIn(file)).to.have.length(3);
    });
  });
});
