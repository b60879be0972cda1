import { expect } from 'chai';
import twelvedata from '../../../plugins/provider-twelvedata/index.js';
import { expectReadmeDocumentsOptions, optionsOf } from '../../helpers/provider-harness.js';
import { createTestContext } from '../../helpers/plugin-context.js';

describe('twelvedata provider plugin', () => {
  describe('definition', () => {
    it('registers as the provider "twelvedata" for core ^0.1.0', () => {
      expect(twelvedata).to.include({
        kind: 'provider',
        name: 'twelvedata',
        version: '0.1.0',
        core: '^0.1.0',
      });
    });

    it('fills in every default and requires the key', () => {
      expect(optionsOf(twelvedata, { apiKey: 'k' })).to.deep.equal({
        apiKey: 'k',
        baseUrl: 'https://api.twelvedata.com',
        timeoutMs: 10_000,
        plan: 'basic',
        adjust: 'splits',
      });
      expect(() => optionsOf(twelvedata, {})).to.throw(/apiKey/);
      expect(() => optionsOf(twelvedata, { apiKey: 'k', plan: 'gold' })).to.throw(/enum/);
    });

    it('documents every option with its default in the README', () => {
      expectReadmeDocumentsOptions(twelvedata);
    });
  });

  describe('create()', () => {
    it('declares the limits of the configured plan', async () => {
      const context = createTestContext({ http: () => ({}) as never });
      const basic = await twelvedata.create(context, optionsOf(twelvedata, { apiKey: 'k' }));
      const grow = await twelvedata.create(
        context,
        optionsOf(twelvedata, { apiKey: 'k', plan: 'grow' }),
      );
      const custom = await twelvedata.create(
        context,
        optionsOf(twelvedata, { apiKey: 'k', plan: 'grow', creditsPerMinute: 377 }),
      );

      expect(basic.capabilities).to.deep.include({
        quote: true,
        maxSymbolsPerCall: 8,
        dailyBars: true,
        rateLimits: { perMinute: 8, perDay: 800 },
      });
      expect(basic.capabilities.intradayIntervals).to.include.members(['1m', '5m', '15m', '1h']);
      expect(grow.capabilities).to.deep.include({
        maxSymbolsPerCall: 55,
        rateLimits: { perMinute: 55 },
      });
      expect(custom.capabilities).to.deep.include({
        maxSymbolsPerCall: 120,
        rateLimits: { perMinute: 377 },
      });
    });
  });
});
