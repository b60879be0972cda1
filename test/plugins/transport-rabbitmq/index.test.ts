import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect } from 'chai';
import { createAjv } from '../../../core/schema/ajv.js';
import rabbitmq from '../../../plugins/transport-rabbitmq/index.js';
import { repoRoot } from '../../helpers/fixtures.js';

function validatorOf() {
  return createAjv({ coerceTypes: true, useDefaults: true }).compile(rabbitmq.optionsSchema);
}

/** Rows of the README's options table: option name to the Default cell. */
function optionRows(): Map<string, string> {
  const readme = readFileSync(
    path.join(repoRoot, 'plugins', 'transport-rabbitmq', 'README.md'),
    'utf8',
  );
  const rows = new Map<string, string>();
  for (const line of readme.split('\n')) {
    const cells = line.split('|').map((cell) => cell.trim());
    const name = /^`([A-Za-z]+)`$/.exec(cells[1] ?? '')?.[1];
    if (name !== undefined && cells.length >= 5) rows.set(name, cells[3] ?? '');
  }
  return rows;
}

describe('rabbitmq transport plugin', () => {
  describe('definition', () => {
    it('registers as the transport "rabbitmq" for core ^0.1.0', () => {
      expect(rabbitmq).to.include({ kind: 'transport', name: 'rabbitmq', core: '^0.1.0' });
    });

    it('fills in the defaults, nested groups included', () => {
      const options: Record<string, unknown> = { url: 'amqp://u:p@localhost' };

      expect(validatorOf()(options)).to.equal(true);
      expect(options).to.deep.include({
        exchange: 'stockpoller',
        exchangeType: 'topic',
        routingKey: 'quotes.{provider}.{symbol}',
        assert: true,
        mandatory: true,
        persistent: true,
        queues: [],
        deadLetter: { enabled: true, exchange: 'stockpoller.dlx', queue: 'stockpoller.dlq' },
        retry: {
          initialDelayMs: 200,
          maxDelayMs: 5000,
          multiplier: 2,
          jitter: 0.2,
          maxAttempts: 5,
        },
      });
    });

    it('marks the URL and the TLS key and passphrase secret', () => {
      const properties = rabbitmq.optionsSchema.properties as Record<
        string,
        Record<string, unknown>
      >;
      const tls = properties.tls?.properties as Record<string, Record<string, unknown>>;

      expect(properties.url?.['x-secret']).to.equal(true);
      expect(tls.key?.['x-secret']).to.equal(true);
      expect(tls.passphrase?.['x-secret']).to.equal(true);
    });

    it('rejects an unknown routing key placeholder, a non-AMQP URL and a missing URL', () => {
      const validate = validatorOf();

      expect(validate({ url: 'amqp://h', routingKey: 'quotes.{ticker}' })).to.equal(false);
      expect(validate({ url: 'http://h' })).to.equal(false);
      expect(validate({})).to.equal(false);
    });
  });

  describe('README', () => {
    it('documents every option with its default', () => {
      const rows = optionRows();
      const properties = rabbitmq.optionsSchema.properties as Record<string, { default?: unknown }>;

      expect([...rows.keys()].sort()).to.deep.equal(Object.keys(properties).sort());
      for (const [name, schema] of Object.entries(properties)) {
        if (schema.default === undefined) continue;
        const rendered =
          typeof schema.default === 'string' ? schema.default : JSON.stringify(schema.default);
        expect(rows.get(name), name).to.equal(`\`${rendered}\``);
      }
    });
  });

  describe('module', () => {
    it('leaves amqplib unloaded until an instance is created', () => {
      const indexUrl = pathToFileURL(
        path.join(repoRoot, 'dist', 'plugins', 'transport-rabbitmq', 'index.js'),
      ).href;
      const script = [
        "import { createRequire } from 'node:module';",
        `await import(${JSON.stringify(indexUrl)});`,
        'const loaded = Object.keys(createRequire(import.meta.url).cache);',
        "process.stdout.write(JSON.stringify(loaded.filter((f) => f.includes('/amqplib/'))));",
      ].join('\n');
      const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
        encoding: 'utf8',
      });

      expect(child.status, child.stderr).to.equal(0);
      expect(JSON.parse(child.stdout)).to.deep.equal([]);
    });
  });
});
