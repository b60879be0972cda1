import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createAjv } from '../../../core/schema/ajv.js';
import file from '../../../plugins/transport-file/index.js';
import type { FileOptions } from '../../../plugins/transport-file/options-schema.js';
import { repoRoot } from '../../helpers/fixtures.js';
import { createTestContext } from '../../helpers/plugin-context.js';

describe('file transport plugin', () => {
  const validate = createAjv({ coerceTypes: true, useDefaults: true }).compile(file.optionsSchema);

  describe('definition', () => {
    it('registers as the transport "file" for core ^0.1.0', () => {
      expect(file).to.include({
        kind: 'transport',
        name: 'file',
        version: '0.1.0',
        core: '^0.1.0',
      });
    });

    it('requires path and fills in the other defaults', () => {
      const options = { path: 'quotes.jsonl' };

      expect(validate(options)).to.equal(true);
      expect(options).to.deep.equal({
        path: 'quotes.jsonl',
        format: 'envelope',
        maxBytes: 104_857_600,
        maxFiles: 5,
        fsync: 'batch',
      });
      expect(validate({})).to.equal(false);
      expect(validate({ path: 'q.jsonl', fsync: 'always' })).to.equal(false);
    });

    it('documents every option in its README with its default', () => {
      const readme = readFileSync(
        path.join(repoRoot, 'plugins', 'transport-file', 'README.md'),
        'utf8',
      );
      const rows = new Map<string, string>();
      for (const line of readme.split('\n')) {
        const cells = line.split('|').map((cell) => cell.trim());
        const name = /^`([A-Za-z]+)`$/.exec(cells[1] ?? '')?.[1];
        if (name !== undefined && cells.length >= 5) rows.set(name, cells[3] ?? '');
      }
      const properties = file.optionsSchema.properties as Record<string, { default?: unknown }>;

      expect([...rows.keys()].sort()).to.deep.equal(Object.keys(properties).sort());
      for (const [name, schema] of Object.entries(properties)) {
        if (schema.default === undefined) continue;
        const rendered =
          typeof schema.default === 'string' ? schema.default : JSON.stringify(schema.default);
        expect(rows.get(name), name).to.equal(`\`${rendered}\``);
      }
    });
  });

  describe('create()', () => {
    it('builds a transport that writes to the path once started', async () => {
      const directory = await mkdtemp(path.join(tmpdir(), 'stockpoller-file-'));
      const options = { path: path.join(directory, 'out.jsonl') };
      validate(options);

      const transport = await file.create(createTestContext(), options as FileOptions);
      await transport.start?.();
      await transport.stop?.();

      expect(readFileSync(options.path, 'utf8')).to.equal('');
      await rm(directory, { recursive: true, force: true });
    });
  });
});
