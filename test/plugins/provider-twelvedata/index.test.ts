import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import twelvedata from '../../../plugins/provider-twelvedata/index.js';
import { repoRoot } from '../../helpers/fixtures.js';
import { optionsOf } from './harness.js';
import { createTestContext } from '../../helpers/plugin-context.js';

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
      expect(optionsOf({ apiKey: 'k' })).to.deep.equal({
        apiKey: 'k',
        baseUrl: 'https://api.twelvedata.com',
        timeoutMs: 10_000,
        plan: 'basic',
        adjust: 'splits',
      });
      expect(() => optionsOf({})).to.throw(/apiKey/);
      expect(() => optionsOf({ apiKey: 'k', plan: 'gold' })).to.throw(/enum/);
    });

    it('documents every option with its default in the README', () => {
      const readme = readFileSync(
        path.join(repoRoot, 'plugins', 'provider-twelvedata', 'README.md'),
        'utf8',
      );
      const rows = optionRows(readme);
      const properties = twelvedata.optionsSchema.properties as Record<
        string,
        { default?: unknown }
      >;

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
      const basic = await twelvedata.create(context, optionsOf({ apiKey: 'k' }));
      const grow = await twelvedata.create(context, optionsOf({ apiKey: 'k', plan: 'grow' }));
      const custom = await twelvedata.create(
        context,
        optionsOf({ apiKey: 'k', plan: 'grow', creditsPerMinute: 377 }),
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
