import { expect } from 'chai';
import { createAjv } from '../../../core/schema/ajv.js';
import simulated from '../../../plugins/provider-simulated/index.js';
import { createTestContext } from '../../helpers/plugin-context.js';

describe('simulated provider plugin', () => {
  describe('definition', () => {
    it('registers as the provider "simulated" for core ^0.1.0', () => {
      expect(simulated).to.include({
        kind: 'provider',
        name: 'simulated',
        version: '0.1.0',
        core: '^0.1.0',
      });
    });

    it('fills in every default through its options schema', () => {
      const validate = createAjv({ coerceTypes: true, useDefaults: true }).compile(
        simulated.optionsSchema,
      );
      const options = {};

      expect(validate(options)).to.equal(true);
      expect(options).to.deep.equal({
        seed: 42,
        volatility: 0.3,
        currency: 'USD',
        unknownSymbols: [],
      });
    });

    it('rejects a negative volatility and a lowercase symbol in basePrices', () => {
      const validate = createAjv({ coerceTypes: false, useDefaults: true }).compile(
        simulated.optionsSchema,
      );

      expect(validate({ volatility: -0.5 })).to.equal(false);
      expect(validate({ basePrices: { aapl: 10 } })).to.equal(false);
    });
  });

  describe('create()', () => {
    it('builds a provider that quotes', async () => {
      const context = createTestContext({ now: '2026-03-10T15:00:00.000Z' });
      const provider = await simulated.create(context, {
        seed: 42,
        volatility: 0.3,
        currency: 'USD',
        unknownSymbols: [],
      });

      const [outcome] = await provider.fetchQuotes(['AAPL']);

      expect(outcome?.quote?.provider).to.equal('simulated');
    });
  });
});
