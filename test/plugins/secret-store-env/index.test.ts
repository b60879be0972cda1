import { expect } from 'chai';
import { createAjv } from '../../../core/schema/ajv.js';
import env from '../../../plugins/secret-store-env/index.js';
import { createTestContext } from '../../helpers/plugin-context.js';

describe('env secret store plugin', () => {
  describe('definition', () => {
    it('registers as the secret store "env" for core ^0.1.0', () => {
      expect(env).to.include({
        kind: 'secret-store',
        name: 'env',
        version: '0.1.0',
        core: '^0.1.0',
      });
    });

    it('defaults to upper-snake naming without prefix and rejects other namings', () => {
      const validate = createAjv({ coerceTypes: true, useDefaults: true }).compile(
        env.optionsSchema,
      );
      const options = {};

      expect(validate(options)).to.equal(true);
      expect(options).to.deep.equal({ prefix: '', naming: 'upper-snake' });
      expect(validate({ naming: 'lower' })).to.equal(false);
    });
  });

  describe('create()', () => {
    it('builds a store over process.env', async () => {
      const store = await env.create(createTestContext(), { prefix: '', naming: 'exact' });

      expect(await store.getSecret('STOCKPOLLER_TEST_CERTAINLY_UNSET')).to.equal(undefined);
    });
  });
});
