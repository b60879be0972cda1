import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createAjv } from '../../../core/schema/ajv.js';
import sqs from '../../../plugins/transport-sqs/index.js';
import type { SqsOptions } from '../../../plugins/transport-sqs/options-schema.js';
import { repoRoot } from '../../helpers/fixtures.js';
import { createTestContext } from '../../helpers/plugin-context.js';
import './fauxqs-harness.js';

const queueUrl = 'https://sqs.eu-west-1.amazonaws.com/123456789012/quotes';

describe('sqs transport plugin', () => {
  const validate = createAjv({ coerceTypes: true, useDefaults: true }).compile(sqs.optionsSchema);

  describe('definition', () => {
    it('registers as the transport "sqs" for core ^0.1.0', () => {
      expect(sqs).to.include({ kind: 'transport', name: 'sqs', version: '0.1.0', core: '^0.1.0' });
    });

    it('fills in the defaults', () => {
      const options = { queueUrl };

      expect(validate(options)).to.equal(true);
      expect(options).to.deep.equal({
        queueUrl,
        assert: false,
        maxReceiveCount: 5,
        messageRetentionSeconds: 345_600,
        deadLetterRetentionSeconds: 1_209_600,
        visibilityTimeoutSeconds: 30,
        maxBatchBytes: 262_144,
        maxInFlightBatches: 4,
        maxAttempts: 6,
        retryBaseDelayMs: 100,
        retryMaxDelayMs: 5000,
        requestTimeoutMs: 10_000,
      });
    });

    it('wants exactly one of queueUrl and queueName', () => {
      expect(validate({})).to.equal(false);
      expect(validate({ queueUrl, queueName: 'quotes' })).to.equal(false);
      expect(validate({ queueName: 'quotes.fifo' })).to.equal(true);
    });

    it('wants both keys of static credentials, and marks them secret', () => {
      expect(validate({ queueUrl, accessKeyId: 'AKIA' })).to.equal(false);
      expect(validate({ queueUrl, accessKeyId: 'AKIA', secretAccessKey: 's' })).to.equal(true);
      const properties = sqs.optionsSchema.properties as Record<string, Record<string, unknown>>;
      for (const name of ['accessKeyId', 'secretAccessKey', 'sessionToken']) {
        expect(properties[name], name).to.have.property('x-secret', true);
      }
    });

    it('rejects a queue name SQS would not accept', () => {
      expect(validate({ queueName: 'has space' })).to.equal(false);
      expect(validate({ queueName: 'x'.repeat(81) })).to.equal(false);
    });
  });

  describe('README', () => {
    it('documents every option with its default', () => {
      const readme = readFileSync(
        path.join(repoRoot, 'plugins', 'transport-sqs', 'README.md'),
        'utf8',
      );
      const rows = new Map<string, string>();
      for (const line of readme.split('\n')) {
        const cells = line.split('|').map((cell) => cell.trim());
        const name = /^`([A-Za-z]+)`$/.exec(cells[1] ?? '')?.[1];
        if (name !== undefined && cells.length >= 5) rows.set(name, cells[3] ?? '');
      }
      const properties = sqs.optionsSchema.properties as Record<string, { default?: unknown }>;

      expect([...rows.keys()].sort()).to.deep.equal(Object.keys(properties).sort());
      for (const [name, schema] of Object.entries(properties)) {
        if (schema.default === undefined) continue;
        expect(rows.get(name), name).to.equal(`\`${JSON.stringify(schema.default)}\``);
      }
    });
  });

  describe('create()', () => {
    it('builds a transport without calling AWS, and stops it twice', async () => {
      const options = { queueUrl };
      validate(options);

      const transport = await sqs.create(createTestContext(), options as unknown as SqsOptions);
      await transport.stop?.();
      await transport.stop?.();

      expect(transport.deadLetters).to.have.property('inspect');
      expect(await transport.health?.()).to.deep.equal({ healthy: false, detail: 'stopped' });
    });
  });
});
