import { expect } from 'chai';
import { PluginRegistry } from '../../../core/plugins/registry.js';
import { createBuiltinRegistry } from '../../../core/plugins/builtins.js';
import { isStockpollerError } from '../../../core/errors/index.js';

function validDefinition(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    kind: 'notifier',
    name: 'quiet',
    version: '1.0.0',
    core: '^0.1.0',
    optionsSchema: { type: 'object' },
    create: () => ({ notify: () => Promise.resolve() }),
    ...overrides,
  };
}

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    return isStockpollerError(error) ? error.code : 'not a StockpollerError';
  }
  return undefined;
}

describe('PluginRegistry', () => {
  describe('register()', () => {
    it('registers a valid definition and finds it by kind and name', () => {
      const registry = new PluginRegistry();
      registry.register(validDefinition(), 'path:./quiet.mjs');

      expect(registry.get('notifier', 'quiet')?.source).to.equal('path:./quiet.mjs');
      expect(registry.get('provider', 'quiet')).to.equal(undefined);
    });

    for (const [what, overrides] of [
      ['an unknown kind', { kind: 'exporter' }],
      ['a name that is not kebab-case', { name: 'Quiet_One' }],
      ['a version that is not semver', { version: 'one' }],
      ['a core that is not a range', { core: 'latest!' }],
      ['a missing options schema', { optionsSchema: undefined }],
      ['a create that is not a function', { create: 'yes' }],
    ] as const) {
      it(`rejects ${what} with SP_ERR_PLUGIN_SHAPE`, () => {
        const registry = new PluginRegistry();
        expect(codeOf(() => registry.register(validDefinition(overrides), 'x'))).to.equal(
          'SP_ERR_PLUGIN_SHAPE',
        );
      });
    }

    it('rejects a value that is not an object', () => {
      expect(codeOf(() => new PluginRegistry().register(42, 'x'))).to.equal('SP_ERR_PLUGIN_SHAPE');
    });

    it('rejects a plugin for another core major with SP_ERR_PLUGIN_CORE_VERSION', () => {
      const registry = new PluginRegistry();
      const run = () => registry.register(validDefinition({ core: '^9.0.0' }), 'package:x');
      expect(codeOf(run)).to.equal('SP_ERR_PLUGIN_CORE_VERSION');
    });

    it('names both sources when two plugins of a kind share a name', () => {
      const registry = new PluginRegistry();
      registry.register(validDefinition(), 'built-in');
      try {
        registry.register(validDefinition(), 'package:other');
        expect.fail('expected a clash');
      } catch (error) {
        expect(error).to.have.property('code', 'SP_ERR_PLUGIN_NAME_CLASH');
        expect((error as Error).message)
          .to.contain('package:other')
          .and.contain('built-in');
      }
    });

    it('allows the same name under different kinds', () => {
      const registry = new PluginRegistry();
      registry.register(validDefinition(), 'a');
      registry.register(validDefinition({ kind: 'cache' }), 'b');
      expect(registry.kindsOfName('quiet')).to.deep.equal(['cache', 'notifier']);
    });
  });

  describe('list()', () => {
    it('orders built-ins by start order of their kind, then name', () => {
      const listed = createBuiltinRegistry()
        .list()
        .map((p) => `${p.definition.kind}/${p.definition.name}`);
      const kinds = ['secret-store', 'cache', 'transport', 'notifier', 'provider'];
      const rank = (entry: string): number => kinds.indexOf(entry.split('/')[0] ?? '');
      const expected = [...listed].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));

      expect(listed).to.deep.equal(expected);
      expect(listed).to.include.members([
        'secret-store/env',
        'cache/memory',
        'transport/stdout',
        'provider/simulated',
      ]);
    });
  });

  describe('namesOf()', () => {
    it('lists the names of one kind', () => {
      expect(createBuiltinRegistry().namesOf('secret-store')).to.deep.equal(['env']);
    });
  });
});
