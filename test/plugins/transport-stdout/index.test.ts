import { expect } from 'chai';
import { createAjv } from '../../../core/schema/ajv.js';
import stdout from '../../../plugins/transport-stdout/index.js';
import { createTestContext } from '../../helpers/plugin-context.js';

describe('stdout transport plugin', () => {
  describe('definition', () => {
    it('registers as the transport "stdout" for core ^0.1.0', () => {
      expect(stdout).to.include({
        kind: 'transport',
        name: 'stdout',
        version: '0.1.0',
        core: '^0.1.0',
      });
    });

    it('defaults to compact envelopes and rejects an unknown format', () => {
      const validate = createAjv({ coerceTypes: true, useDefaults: true }).compile(
        stdout.optionsSchema,
      );
      const options = {};

      expect(validate(options)).to.equal(true);
      expect(options).to.deep.equal({ format: 'envelope', pretty: false });
      expect(validate({ format: 'csv' })).to.equal(false);
    });
  });

  describe('create()', () => {
    it('builds a transport on process.stdout whose stop() leaves stdout open', async () => {
      const transport = await stdout.create(createTestContext(), {
        format: 'envelope',
        pretty: false,
      });

      await transport.stop?.();

      expect(process.stdout.writableEnded).to.equal(false);
    });
  });
});
