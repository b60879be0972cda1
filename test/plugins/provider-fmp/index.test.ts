import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import fmp from '../../../plugins/provider-fmp/index.js';
import { repoRoot } from '../../helpers/fixtures.js';
import { createTestContext } from '../../helpers/plugin-context.js';
import { optionsOf } from './harness.js';

/** Option rows of a README table: option name to the Default cell. */
function optionRows(readme: string): Map<string, string> {
  const rows = new Map<string, string>();
  for (const line of readme.split('\n')) {
    const cells = line.split('|').map((cell) => cell.trim());
    const name = /^`([A-Za-z]+)`$/.exec(cells[1] ?? '')?.[1];
    if (name !== undefined && cells.length >= 5) rows.set(name, cells[3] ?? '');
  }
  return rows;
}

describe('fmp provider plugin', () => {
  describe('definition', () => {
    it('registers as the provider "fmp" for core ^0.1.0', () => {
      expect(fmp).to.include({ kind: 'provider', name: 'fmp', version: '0.1.0', core: '^0.1.0' });
    });

    it('fills in every default and requires the key', () => {
      expect(optionsOf({ apiKey: 'k' })).to.deep.equal({
        apiKey: 'k',
        baseUrl: 'https://financialmodelingprep.com/stable',
        timeoutMs: 10_000,
        plan: 'basic',
        batchQuotes: 'auto',
        adjustment: 'split',
        intradayTimeZone: 'America/New_York',
      });
      expect(() => optionsOf({})).to.throw(/apiKey/);
      expect(() => optionsOf({ apiKey: 'k', batchQuotes: true })).to.throw();
    });

    it('documents every option with its default in the README', () => {
      const readme = readFileSync(
        path.join(repoRoot, 'plugins', 'provider-fmp', 'README.md'),
        'utf8',
      );
      const rows = optionRows(readme);
      const properties = fmp.optionsSchema.properties as Record<string, { default?: unknown }>;

      expect([...rows.keys()].sort()).to.deep.equal(Object.keys(properties).sort());
      for (const [name, schema] of Object.entries(properties)) {
        if (schema.default === undefined) continue;
        const shown =
          typeof schema.default === 'string' ? schema.default : JSON.stringify(schema.default);
        expect(rows.get(name), name).to.equal(`\`${shown}\``);
      }
    });
  });

  describe('create()', () => {
    it('declares the limits of the configured plan', async () => {
      const context = createTestContext({ http: () => ({}) as never });
      const basic = await fmp.create(context, optionsOf({ apiKey: 'k' }));
      const starter = await fmp.create(context, optionsOf({ apiKey: 'k', plan: 'starter' }));
      const ultimate = await fmp.create(context, optionsOf({ apiKey: 'k', plan: 'ultimate' }));

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
      const options = optionsOf({ apiKey: 'k', intradayTimeZone: 'Mars/Olympus' });

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
