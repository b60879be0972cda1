import { expect } from 'chai';
import { createAjv } from '../../../core/schema/ajv.js';
import alpaca from '../../../plugins/provider-alpaca/index.js';
import { alpacaCapabilities } from '../../../plugins/provider-alpaca/capabilities.js';
import { createRecordingContext } from '../../contracts/provider-context.js';
import { expectReadmeDocumentsOptions } from '../../helpers/provider-harness.js';
import { alpacaNowMs } from './fixtures.js';

describe('alpaca provider plugin', () => {
  describe('definition', () => {
    it('registers as the provider "alpaca" for core ^0.1.0', () => {
      expect(alpaca).to.include({
        kind: 'provider',
        name: 'alpaca',
        version: '0.1.0',
        core: '^0.1.0',
      });
    });

    it('fills in every default but the two credentials, which it requires', () => {
      const validate = createAjv({ coerceTypes: false, useDefaults: true }).compile(
        alpaca.optionsSchema,
      );
      const options = { keyId: 'id', secretKey: 'secret' };

      expect(validate(options)).to.equal(true);
      expect(options).to.deep.equal({
        keyId: 'id',
        secretKey: 'secret',
        baseUrl: 'https://data.alpaca.markets',
        timeoutMs: 10_000,
        feed: 'iex',
        plan: 'basic',
        adjustment: 'raw',
      });
      expect(validate({ keyId: 'id' })).to.equal(false);
      expect(validate({ keyId: 'id', secretKey: 's', feed: 'nasdaq' })).to.equal(false);
    });

    it('marks both credentials as secrets', () => {
      const properties = alpaca.optionsSchema.properties as Record<string, Record<string, unknown>>;

      expect(properties.keyId?.['x-secret']).to.equal(true);
      expect(properties.secretKey?.['x-secret']).to.equal(true);
    });

    it('documents every option with its default in the README', () => {
      expectReadmeDocumentsOptions(alpaca);
    });
  });

  describe('create()', () => {
    it('builds a provider whose capabilities follow the plan', async () => {
      const recording = createRecordingContext('alpaca', alpacaNowMs);
      const provider = await alpaca.create(recording.context, {
        keyId: 'id',
        secretKey: 'secret',
        baseUrl: 'http://127.0.0.1:9',
        timeoutMs: 1000,
        feed: 'sip',
        plan: 'algo-trader-plus',
        adjustment: 'all',
      });
      await recording.close();

      expect(provider.capabilities).to.deep.equal(alpacaCapabilities('algo-trader-plus'));
      expect('fetchBars' in provider).to.equal(true);
    });
  });

  describe('alpacaCapabilities()', () => {
    it('gives the free plan 200 calls a minute, batches of 100 and bar pages of 10,000', () => {
      expect(alpacaCapabilities('basic')).to.deep.equal({
        quote: true,
        maxSymbolsPerCall: 100,
        dailyBars: true,
        intradayIntervals: ['1m', '5m', '15m', '30m', '1h'],
        rateLimits: { perMinute: 200 },
        maxBarsPerCall: 10_000,
      });
    });

    it('gives Algo Trader Plus 10,000 calls a minute', () => {
      expect(alpacaCapabilities('algo-trader-plus').rateLimits).to.deep.equal({
        perMinute: 10_000,
      });
    });
  });
});
