import { expect } from 'chai';
import { createAjv } from '../../../core/schema/ajv.js';
import polygon from '../../../plugins/provider-polygon/index.js';
import { polygonCapabilities } from '../../../plugins/provider-polygon/capabilities.js';
import { createRecordingContext } from '../../contracts/provider-context.js';
import { expectReadmeDocumentsOptions } from '../../helpers/provider-harness.js';
import { polygonNowMs } from './fixtures.js';

describe('polygon provider plugin', () => {
  describe('definition', () => {
    it('registers as the provider "polygon" for core ^0.1.0', () => {
      expect(polygon).to.include({
        kind: 'provider',
        name: 'polygon',
        version: '0.1.0',
        core: '^0.1.0',
      });
    });

    it('fills in every default but the key, which it requires', () => {
      const validate = createAjv({ coerceTypes: false, useDefaults: true }).compile(
        polygon.optionsSchema,
      );
      const options = { apiKey: 'k' };

      expect(validate(options)).to.equal(true);
      expect(options).to.deep.equal({
        apiKey: 'k',
        baseUrl: 'https://api.massive.com',
        timeoutMs: 10_000,
        plan: 'basic',
        auth: 'header',
        adjusted: true,
      });
      expect(validate({})).to.equal(false);
      expect(validate({ apiKey: 'k', plan: 'gold' })).to.equal(false);
    });

    it('documents every option with its default in the README', () => {
      expectReadmeDocumentsOptions(polygon);
    });
  });

  describe('create()', () => {
    it('builds a provider whose capabilities follow the plan', async () => {
      const recording = createRecordingContext('polygon', polygonNowMs);
      const options = {
        apiKey: 'k',
        baseUrl: 'http://127.0.0.1:9',
        timeoutMs: 1000,
        plan: 'developer' as const,
        auth: 'header' as const,
        adjusted: true,
      };
      const provider = await polygon.create(recording.context, options);
      await recording.close();

      expect(provider.capabilities).to.deep.equal(polygonCapabilities('developer'));
      expect('fetchBars' in provider).to.equal(true);
    });
  });

  describe('polygonCapabilities()', () => {
    it('gives the free plan one symbol a call, 5 calls a minute and two years of days', () => {
      expect(polygonCapabilities('basic')).to.deep.include({
        maxSymbolsPerCall: 1,
        rateLimits: { perMinute: 5 },
        historyDays: 730,
        intradayIntervals: ['1m', '5m', '15m', '30m', '1h'],
      });
    });

    it('gives paid plans batches of 250 and the 100-a-second guidance', () => {
      const capabilities = polygonCapabilities('advanced');

      expect(capabilities).to.deep.include({
        maxSymbolsPerCall: 250,
        rateLimits: { perSecond: 100 },
      });
      expect(capabilities.historyDays).to.equal(undefined);
    });
  });
});
