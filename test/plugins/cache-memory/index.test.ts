import { expect } from 'chai';
import { createAjv } from '../../../core/schema/ajv.js';
import memory from '../../../plugins/cache-memory/index.js';
import { createTestContext } from '../../helpers/plugin-context.js';

describe('memory cache plugin', () => {
  describe('definition', () => {
    it('registers as the cache "memory" for core ^0.1.0', () => {
      expect(memory).to.include({
        kind: 'cache',
        name: 'memory',
        version: '0.1.0',
        core: '^0.1.0',
      });
    });

    it('defaults to 10000 entries in the stockpoller namespace and rejects 0 entries', () => {
      const validate = createAjv({ coerceTypes: true, useDefaults: true }).compile(
        memory.optionsSchema,
      );
      const options = {};

      expect(validate(options)).to.equal(true);
      expect(options).to.deep.equal({ maxEntries: 10000, namespace: 'stockpoller' });
      expect(validate({ maxEntries: 0 })).to.equal(false);
    });
  });

  describe('create()', () => {
    it('builds a working cache', async () => {
      const cache = await memory.create(createTestContext(), { maxEntries: 10, namespace: 'test' });
      await cache.set('k', { v: 1 });

      expect(await cache.get('k')).to.deep.equal({ v: 1 });
    });
  });
});
