import { expect } from 'chai';
import { loadPluginModules } from '../../../core/plugins/load-modules.js';
import { PluginRegistry } from '../../../core/plugins/registry.js';
import { createBuiltinRegistry } from '../../../core/plugins/builtins.js';
import { fixturePath } from '../../helpers/fixtures.js';

const pluginsDir = fixturePath('plugins');
const deploymentDir = fixturePath('deployments', 'third-party');

async function loadError(specifier: string, registry = new PluginRegistry()): Promise<unknown> {
  try {
    await loadPluginModules(registry, [specifier], pluginsDir);
  } catch (error) {
    return error;
  }
  return expect.fail(`expected ${specifier} to fail`);
}

describe('loadPluginModules()', () => {
  it('registers the default export of a module given by a relative path', async () => {
    const registry = new PluginRegistry();
    await loadPluginModules(registry, ['./plugins/jsonl-file.mjs'], deploymentDir);
    expect(registry.get('transport', 'jsonl-file')?.source).to.equal(
      'path:./plugins/jsonl-file.mjs',
    );
  });

  it('registers the `plugin` export of an installed package, following its exports map', async () => {
    const registry = new PluginRegistry();
    await loadPluginModules(registry, ['stockpoller-plugin-symbols'], deploymentDir);
    expect(registry.get('provider', 'fixed-price')?.source).to.equal(
      'package:stockpoller-plugin-symbols',
    );
  });

  it('registers every plugin of a `plugins` array', async () => {
    const registry = new PluginRegistry();
    await loadPluginModules(registry, ['./two-plugins.mjs'], pluginsDir);
    expect(registry.namesOf('notifier')).to.deep.equal(['quiet-a', 'quiet-b']);
  });

  it('fails with SP_ERR_PLUGIN_LOAD naming a path that does not exist', async () => {
    const error = await loadError('./missing.mjs');
    expect(error).to.have.property('code', 'SP_ERR_PLUGIN_LOAD');
    expect((error as Error).message).to.contain('./missing.mjs');
    expect(error).to.have.property('hint').that.contains('path');
  });

  it('fails with SP_ERR_PLUGIN_LOAD naming a package that is not installed', async () => {
    const error = await loadError('stockpoller-plugin-nowhere');
    expect(error).to.have.property('code', 'SP_ERR_PLUGIN_LOAD');
    expect(error).to.have.property('hint').that.contains('npm install stockpoller-plugin-nowhere');
  });

  it('fails with SP_ERR_PLUGIN_LOAD and the cause when the module throws on import', async () => {
    const error = await loadError('./throws-on-import.mjs');
    expect(error).to.have.property('code', 'SP_ERR_PLUGIN_LOAD');
    expect((error as Error).message).to.contain('cannot find the vendor SDK');
  });

  it('fails with SP_ERR_PLUGIN_SHAPE for an export that is not a plugin', async () => {
    expect(await loadError('./wrong-shape.mjs')).to.have.property('code', 'SP_ERR_PLUGIN_SHAPE');
  });

  it('fails with SP_ERR_PLUGIN_SHAPE for a module that exports nothing usable', async () => {
    expect(await loadError('./heavy-sdk.mjs')).to.have.property('code', 'SP_ERR_PLUGIN_SHAPE');
  });

  it('fails with SP_ERR_PLUGIN_CORE_VERSION for a plugin of another core major', async () => {
    const error = await loadError('./old-core.mjs');
    expect(error).to.have.property('code', 'SP_ERR_PLUGIN_CORE_VERSION');
  });

  it('fails with SP_ERR_PLUGIN_NAME_CLASH when a module reuses a built-in name', async () => {
    const error = await loadError('./clashes-with-stdout.mjs', createBuiltinRegistry());
    expect(error).to.have.property('code', 'SP_ERR_PLUGIN_NAME_CLASH');
  });
});
