import { expect } from 'chai';
import {
  defaultBufferConfig,
  defaultProviderRuntime,
  type Manifest,
} from '../../../core/config/manifest.js';
import { redactManifest, renderEffectiveYaml } from '../../../core/config/effective.js';
import { PluginRegistry } from '../../../core/plugins/registry.js';

function registryWithSecretOption(): PluginRegistry {
  const registry = new PluginRegistry();
  registry.register(
    {
      kind: 'transport',
      name: 'bus',
      version: '1.0.0',
      core: '^0.1.0',
      optionsSchema: {
        type: 'object',
        properties: {
          url: { type: 'string', 'x-secret': true },
          tls: { type: 'object', properties: { key: { type: 'string', 'x-secret': true } } },
          exchange: { type: 'string' },
        },
      },
      create: () => ({ publish: () => Promise.resolve([]) }),
    },
    'built-in',
  );
  return registry;
}

function manifestWith(options: Record<string, unknown>): Manifest {
  return {
    version: 1,
    logLevel: 'info',
    plugins: [],
    secretStores: {},
    caches: {},
    notifiers: {},
    providers: {
      p: { use: 'not-registered', options: { apiKey: 'visible' }, ...defaultProviderRuntime },
    },
    transports: { t: { use: 'bus', options, buffer: defaultBufferConfig } },
    pipelines: {},
  };
}

describe('effective configuration', () => {
  describe('redactManifest()', () => {
    it('hides literal values of options the plugin marks x-secret, at any depth', () => {
      const manifest = manifestWith({ url: 'amqp://u:p@host', tls: { key: 'PEM' }, exchange: 'q' });
      const redacted = redactManifest(manifest, registryWithSecretOption());

      expect(redacted.transports.t?.options).to.deep.equal({
        url: '[redacted]',
        tls: { key: '[redacted]' },
        exchange: 'q',
      });
      expect(manifest.transports.t?.options.url).to.equal('amqp://u:p@host');
    });

    it('keeps secret references, which hold no secret', () => {
      const manifest = manifestWith({ url: '${secret:bus/url}' });
      const redacted = redactManifest(manifest, registryWithSecretOption());
      expect(redacted.transports.t?.options.url).to.equal('${secret:bus/url}');
    });
  });

  describe('renderEffectiveYaml()', () => {
    it('notes the origin of each value, its variables, or default', () => {
      const origins = new Map([
        ['/version', { file: '/srv/stockpoller.yaml', value: { line: 1, column: 10 } }],
        [
          '/transports/t/options/exchange',
          {
            file: '/srv/configs/prod.yaml',
            value: { line: 4, column: 17 },
            variables: ['EXCHANGE'],
          },
        ],
      ]);
      const text = renderEffectiveYaml(manifestWith({ exchange: 'q' }), origins, '/srv');

      expect(text).to.contain('version: 1 # stockpoller.yaml:1:10');
      expect(text).to.contain('exchange: q # configs/prod.yaml:4:17 via $EXCHANGE');
      expect(text).to.contain('logLevel: info # default');
    });

    it('prints plain YAML without origins', () => {
      expect(renderEffectiveYaml(manifestWith({}), undefined, '/')).to.not.contain('#');
    });
  });
});
