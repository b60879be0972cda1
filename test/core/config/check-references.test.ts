import { expect } from 'chai';
import { prepareConfig } from '../../../core/config/prepare.js';
import { catchRejection } from './expect-error.js';
import { TempDirs } from './temp-dir.js';

const manifestWith = (caches: string, cache: string): string => `version: 1
${caches}
providers:
  market:
    use: simulated
    cache: ${cache}
transports:
  console: { use: stdout }
pipelines:
  main:
    provider: market
    symbols: [AAPL]
    transports: [console]
`;

describe('checkReferences()', () => {
  const dirs = new TempDirs();
  after(() => {
    dirs.removeAll();
  });

  const prepare = (text: string) =>
    prepareConfig({ cwd: dirs.create({ 'stockpoller.yaml': text }), vars: {} });

  describe("a provider's cache:", () => {
    it('accepts the label of a declared cache', async () => {
      const { manifest } = await prepare(
        manifestWith('caches:\n  shared: { use: memory }', 'shared'),
      );
      expect(manifest.providers.market?.cache).to.equal('shared');
    });

    it('suggests the closest declared cache for a misspelt one', async () => {
      const caches = 'caches:\n  shared: { use: memory }\n  local: { use: memory }';
      const error = await catchRejection(() => prepare(manifestWith(caches, 'shraed')));
      expect(error.problems).to.have.length(1);
      expect(error.problems[0]).to.include({
        code: 'SP_ERR_CONFIG_BAD_REFERENCE',
        pointer: '/providers/market/cache',
        message: 'no cache is named "shraed"',
        hint: 'did you mean "shared"?',
      });
    });

    it('says to declare a cache when there is none', async () => {
      const error = await catchRejection(() => prepare(manifestWith('', 'redis')));
      expect(error.problems[0]).to.include({
        code: 'SP_ERR_CONFIG_BAD_REFERENCE',
        hint: 'declare it under caches:',
      });
    });
  });
});
