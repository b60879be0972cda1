import { expect } from 'chai';
import { pino } from 'pino';
import {
  defaultProviderRuntime,
  type Manifest,
  type ProviderInstanceConfig,
} from '../../../core/config/manifest.js';
import type { Kernel } from '../../../core/kernel/kernel.js';
import type { CacheInstance, ProviderInstance } from '../../../core/plugins/types.js';
import { CachedProvider } from '../../../core/runtime/cached-provider.js';
import { createInProcessCache } from '../../../core/runtime/in-process-cache.js';
import { ProviderStack } from '../../../core/runtime/provider-stack.js';
import { resultCacheLayer } from '../../../core/runtime/result-caches.js';
import { quoteKey } from '../../../core/runtime/result-entries.js';
import { now, quoteOf, scriptedProvider } from './runtime-fixtures.js';

type ProviderOverrides = Partial<ProviderInstanceConfig>;

function setUp(
  providers: Record<string, ProviderOverrides>,
  caches: Record<string, CacheInstance>,
) {
  const instances = new Map<string, ProviderInstance & { calls: string[][] }>();
  for (const label of Object.keys(providers)) {
    instances.set(
      label,
      scriptedProvider((symbols) => symbols.map((s) => ({ symbol: s, quote: quoteOf(s) }))),
    );
  }
  const labels = Object.keys(caches);
  const kernel = {
    instance: (_kind: 'provider', label: string) => instances.get(label),
    cache: (label?: string) => caches[label ?? labels[0] ?? ''],
  } as unknown as Kernel;
  const manifest = {
    providers: Object.fromEntries(
      Object.entries(providers).map(([label, overrides]) => [
        label,
        { use: 'fake', options: {}, ...defaultProviderRuntime, ...overrides },
      ]),
    ),
  } as unknown as Manifest;
  const resultCaches = new ProviderStack(
    kernel,
    manifest,
    pino({ level: 'silent' }),
    { now: () => now },
    [resultCacheLayer()],
  );
  return { caches: resultCaches, instances };
}

describe('resultCacheLayer()', () => {
  describe('through ProviderStack.provider()', () => {
    it('hands out the provider itself when both TTLs are 0', () => {
      const { caches, instances } = setUp({ m: { failedCacheTtlSeconds: 0 } }, {});
      expect(caches.provider('m')).to.equal(instances.get('m'));
    });

    it('wraps a provider once, whichever pipeline asks', () => {
      const { caches } = setUp({ m: { cacheTtlSeconds: 5 } }, {});
      const first = caches.provider('m');
      expect(first).to.be.instanceOf(CachedProvider);
      expect(caches.provider('m')).to.equal(first);
    });

    it('keeps results in the cache the provider names, else in the first declared one', async () => {
      const local = createInProcessCache();
      const shared = createInProcessCache();
      const { caches } = setUp(
        { named: { cacheTtlSeconds: 5, cache: 'shared' }, unnamed: { cacheTtlSeconds: 5 } },
        { local, shared },
      );
      await caches.provider('named').fetchQuotes(['AAA']);
      await caches.provider('unnamed').fetchQuotes(['AAA']);

      expect(await shared.get(quoteKey('named', 'AAA'))).to.have.property('quote');
      expect(await local.get(quoteKey('unnamed', 'AAA'))).to.have.property('quote');
      expect(await local.get(quoteKey('named', 'AAA'))).to.equal(undefined);
    });

    it('keeps results in process when no cache is declared', async () => {
      const { caches, instances } = setUp({ m: { cacheTtlSeconds: 5 } }, {});
      await caches.provider('m').fetchQuotes(['AAA']);
      await caches.provider('m').fetchQuotes(['AAA']);
      expect(instances.get('m')?.calls).to.deep.equal([['AAA']]);
    });
  });
});
