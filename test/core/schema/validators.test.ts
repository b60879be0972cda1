import { expect } from 'chai';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createBuiltinRegistry } from '../../../core/plugins/builtins.js';
import { loadPluginModules } from '../../../core/plugins/load-modules.js';
import { generateValidators } from '../../../core/schema/generate-validators.js';
import { loadPrecompiled, manifestKey } from '../../../core/schema/precompiled.js';
import { ManifestValidators, readManifestSchema } from '../../../core/schema/validators.js';
import { fixturePath } from '../../helpers/fixtures.js';

const invalidManifest = {
  version: '1',
  logLevel: 'loud',
  providers: { market: { use: 'simulated', startTimeoutMs: 'soon' } },
  transports: { console: { use: 'stdout' } },
  pipelines: { main: { provider: 'market', symbols: ['aapl'], transports: ['console'], extra: 1 } },
};

describe('ManifestValidators', () => {
  describe('manifest()', () => {
    it('uses the validator the build precompiled from the current schema', () => {
      const precompiled = loadPrecompiled(manifestKey, readManifestSchema());
      expect(precompiled).to.be.a('function');
      expect(new ManifestValidators().manifest()).to.equal(precompiled);
    });

    it('ignores a precompiled validator built from another schema', () => {
      expect(loadPrecompiled(manifestKey, { ...readManifestSchema(), title: 'changed' })).to.equal(
        undefined,
      );
    });

    it('reports the same errors and fills the same defaults, precompiled or compiled', () => {
      for (const sample of [
        invalidManifest,
        { ...invalidManifest, version: 1, logLevel: 'info' },
      ]) {
        const fast = structuredClone(sample);
        const slow = structuredClone(sample);
        const precompiled = new ManifestValidators(true).manifest();
        const compiled = new ManifestValidators(false).manifest();

        expect(precompiled(fast)).to.equal(compiled(slow));
        expect(fast).to.deep.equal(slow);
        const shape = (errors: typeof precompiled.errors) =>
          (errors ?? []).map((e) => [e.instancePath, e.keyword, e.params]);
        expect(shape(precompiled.errors)).to.deep.equal(shape(compiled.errors));
      }
    });
  });

  describe('options()', () => {
    it('uses precompiled validators for built-in plugins', () => {
      const plugin = createBuiltinRegistry().get('transport', 'stdout')!;
      const options: Record<string, unknown> = {};
      expect(new ManifestValidators().options(plugin)(options)).to.equal(true);
      expect(options).to.deep.equal({ format: 'envelope', pretty: false });
    });

    it('fails with SP_ERR_PLUGIN_SHAPE for a plugin whose schema does not compile', async () => {
      const registry = createBuiltinRegistry();
      await loadPluginModules(registry, ['./bad-schema.mjs'], fixturePath('plugins'));
      const plugin = registry.get('cache', 'bad-schema')!;

      expect(() => new ManifestValidators().options(plugin)).to.throw(/invalid options schema/);
    });
  });
});

describe('generateValidators()', () => {
  it('writes one module per schema and the digests they were built from', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'sp-gen-'));
    const keys = generateValidators(dir);

    expect(keys).to.include('manifest').and.include('options-provider-simulated');
    for (const key of keys) expect(existsSync(path.join(dir, `${key}.cjs`)), key).to.equal(true);
    const digests = JSON.parse(readFileSync(path.join(dir, 'digests.json'), 'utf8')) as object;
    expect(Object.keys(digests)).to.deep.equal(keys);
  });
});
