import { expect } from 'chai';
import { prepareConfig } from '../../../core/config/prepare.js';
import { catchRejection, placesOf } from './expect-error.js';
import { TempDirs } from './temp-dir.js';

const manifest = `version: 1
providers:
  market:
    use: simulated
    cacheTtlSeconds: \${CACHE_TTL_SECONDS:-5}
transports:
  console: { use: stdout }
pipelines:
  main:
    provider: market
    symbols: [AAPL]
    transports: [console]
`;

describe('validateManifest()', () => {
  const dirs = new TempDirs();
  after(() => {
    dirs.removeAll();
  });

  const prepareWith = (vars: NodeJS.ProcessEnv) =>
    prepareConfig({ cwd: dirs.create({ 'stockpoller.yaml': manifest }), vars });

  describe('with cacheTtlSeconds: ${CACHE_TTL_SECONDS:-5}', () => {
    it('takes the default as the number 5 when the variable is unset', async () => {
      const { manifest: validated } = await prepareWith({});
      expect(validated.providers.market?.cacheTtlSeconds).to.equal(5);
    });

    it('turns the variable text into a number', async () => {
      const whole = await prepareWith({ CACHE_TTL_SECONDS: '30' });
      const fraction = await prepareWith({ CACHE_TTL_SECONDS: '0.5' });
      expect(whole.manifest.providers.market?.cacheTtlSeconds).to.equal(30);
      expect(fraction.manifest.providers.market?.cacheTtlSeconds).to.equal(0.5);
    });

    it('rejects text that is not a number, pointing at the key', async () => {
      const error = await catchRejection(() => prepareWith({ CACHE_TTL_SECONDS: 'soon' }));
      expect(placesOf(error)).to.deep.equal([
        ['SP_ERR_CONFIG_WRONG_TYPE', 5, 22, '/providers/market/cacheTtlSeconds'],
      ]);
    });

    it('rejects a negative number as out of range', async () => {
      const error = await catchRejection(() => prepareWith({ CACHE_TTL_SECONDS: '-1' }));
      expect(error.problems.map((p) => p.code)).to.deep.equal(['SP_ERR_CONFIG_BAD_VALUE']);
    });
  });
});
