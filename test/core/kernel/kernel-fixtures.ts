import { pino } from 'pino';
import 'reflect-metadata';
import {
  defaultBufferConfig,
  defaultProviderRuntime,
  type InstanceConfig,
  type Manifest,
} from '../../../core/config/manifest.js';
import type { LoadedConfig, SecretRef } from '../../../core/config/source.js';
import { createContainer } from '../../../core/kernel/container.js';
import { Kernel } from '../../../core/kernel/kernel.js';
import { PluginRegistry } from '../../../core/plugins/registry.js';
import type { KernelEvent, PluginContext, PluginKind } from '../../../core/plugins/types.js';
import { ManifestValidators } from '../../../core/schema/validators.js';

/** What the fake plugins did, in order: `start:cache/local`, `stop:cache/local`, ... */
export type Journal = string[];

/** Behaviour switches of a fake plugin instance, by label. */
export interface FakeBehaviour {
  failCreate?: string;
  hangStart?: string;
  /** Instance id whose stop() never settles. */
  hangStop?: string;
  /** Instance id whose start() takes this long, by id. */
  startDelayMs?: Record<string, number>;
  secrets?: Record<string, string>;
  contexts?: Map<string, PluginContext>;
  options?: Map<string, Record<string, unknown>>;
  /** Health check per instance id: a status to return, or an Error to throw. */
  health?: Record<string, { healthy: boolean; detail?: string } | Error>;
  /** Instance id whose notify() rejects. */
  failNotify?: string;
}

/** Registers one fake plugin per kind, named `fake`, that logs its lifecycle to `journal`. */
export function fakeRegistry(journal: Journal, behaviour: FakeBehaviour = {}): PluginRegistry {
  const registry = new PluginRegistry();
  const kinds: PluginKind[] = ['secret-store', 'cache', 'transport', 'notifier', 'provider'];
  for (const kind of kinds) {
    registry.register(
      {
        kind,
        name: 'fake',
        version: '1.0.0',
        core: '^0.1.0',
        optionsSchema: {
          type: 'object',
          properties: { port: { type: 'integer' }, password: { type: 'string' } },
        },
        startTimeoutMs: 200,
        create(context: PluginContext, options: Record<string, unknown>) {
          const id = `${kind}/${context.label}`;
          if (behaviour.failCreate === id) throw new Error(`cannot create ${id}`);
          behaviour.contexts?.set(id, context);
          behaviour.options?.set(id, options);
          return {
            start: () => {
              journal.push(`start:${id}`);
              if (behaviour.hangStart === id) return new Promise<void>(() => undefined);
              const delayMs = behaviour.startDelayMs?.[id];
              if (delayMs === undefined) return Promise.resolve();
              return new Promise<void>((resolve) => setTimeout(resolve, delayMs));
            },
            stop: () => {
              journal.push(`stop:${id}`);
              return behaviour.hangStop === id
                ? new Promise<void>(() => undefined)
                : Promise.resolve();
            },
            getSecret: (path: string) => Promise.resolve(behaviour.secrets?.[path]),
            notify: (event: KernelEvent) => {
              journal.push(`notify:${id}:${event.type}`);
              return behaviour.failNotify === id
                ? Promise.reject(new Error('chat is down'))
                : Promise.resolve();
            },
            ...healthCheckOf(behaviour.health?.[id]),
          } as never;
        },
      },
      'built-in',
    );
  }
  return registry;
}

function healthCheckOf(answer: { healthy: boolean; detail?: string } | Error | undefined): object {
  if (answer === undefined) return {};
  return {
    health: () => (answer instanceof Error ? Promise.reject(answer) : Promise.resolve(answer)),
  };
}

export const fake = (options: Record<string, unknown> = {}): InstanceConfig => ({
  use: 'fake',
  options,
});

/** A manifest with one fake instance per kind (two caches), and no pipelines to run. */
export function fakeManifest(overrides: Partial<Manifest> = {}): Manifest {
  return {
    version: 1,
    logLevel: 'silent',
    plugins: [],
    secretStores: { vault: fake() },
    caches: { local: fake(), shared: fake() },
    transports: { bus: { ...fake(), buffer: defaultBufferConfig } },
    notifiers: { chat: fake() },
    providers: { market: { ...fake(), ...defaultProviderRuntime } },
    pipelines: {},
    ...overrides,
  };
}

/** A kernel wired through the real container around a fake manifest and registry. */
export function createKernel(
  manifest: Manifest,
  registry: PluginRegistry,
  secretRefs: SecretRef[] = [],
): Kernel {
  const loaded: LoadedConfig = {
    manifestFile: '/tmp/stockpoller.yaml',
    overlayFile: undefined,
    env: undefined,
    value: manifest,
    origins: new Map(),
    secretRefs,
  };
  const container = createContainer(
    { loaded, manifest, registry, validators: new ManifestValidators() },
    { logger: pino({ level: 'silent' }), clock: { now: () => 0 } },
  );
  return container.resolve(Kernel);
}
