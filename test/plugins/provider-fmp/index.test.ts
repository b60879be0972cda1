import { expect } from 'chai';
import fmp from '../../../plugins/provider-fmp/index.js';
import { createTestContext } from '../../helpers/plugin-context.js';
import { expectReadmeDocumentsOptions, optionsOf } from '../../helpers/provider-harness.js';

describe('fmp provider plugin', () => {
  describe('definition', () => {
    it('registers as the provider "fmp" for core ^0.1.0', () => {
      expect(fmp).to.include({ kind: 'provider', name: 'fmp', version: '0.1.0', core: '^0.1.0' });
    });

    it('fills in every default and requires the key', () => {
      expect(optionsOf(fmp, { apiKey: 'k' })).to.deep.equal({
        apiKey: 'k',
        baseUrl: 'https://financialmodelingprep.com/stable',
        timeoutMs: 10_000,
        plan: 'basic',
        batchQuotes: 'auto',
        adjustment: 'split',
        intradayTimeZone: 'America/New_York',
      });
      expect(() => optionsOf(fmp, {})).to.throw(/apiKey/);
      expect(() => optionsOf(fmp, { apiKey: 'k', batchQuotes: true })).to.throw();
    });

    it('documents every option with its default in the README', () => {
      expectReadmeDocumentsOptions(fmp);
    });
  });

  describe('create()', () => {
    it('declares the limits of the configured plan', async () => {
      const context = createTestContext({ http: () => ({}) as never });
      const basic = await fmp.create(context, optionsOf(fmp, { apiKey: 'k' }));
      const starter = await fmp.create(context, optionsOf(fmp, { apiKey: 'k', plan: 'starter' }));
      const ultimate = await fmp.create(context, optionsOf(fmp, { apiKey: 'k', plan: 'ultimate' }));

      expect(basic.capabilities).to.deep.equal({
        quote: true,
        maxSymbolsPerCall: 1,
        dailyBars: true,
        intradayIntervals: ['1m', '5m', '15m', '30m', '1h', '4h'],
        rateLimits: { perDay: 250 },
      });
      expect(starter.capabilities).to.deep.include({
        maxSymbolsPerCall: 100,
        rateLimits: { perMinute: 300 },
      });
      expect(ultimate.capabilities.rateLimits).to.deep.equal({ perMinute: 3000 });
    });

    it('rejects an intradayTimeZone that is not an IANA zone', async () => {
      const context = createTestContext({ http: () => ({}) as never });
      const options = optionsOf(fmp, { apiKey: 'k', intradayTimeZone: 'Mars/Olympus' });

      let code: unknown;
      try {
        await fmp.create(context, options);
      } catch (error) {
        code = (error as { code?: unknown }).code;
      }

      expect(code).to.equal('SP_ERR_CONTRACT_BAD_TIME');
    });
  });
});
