import { pino, type Logger } from 'pino';
import 'reflect-metadata';
import type { DependencyContainer } from 'tsyringe';
import {
  defaultPipelineRuntime,
  type Manifest,
  type PipelineConfig,
} from '../../core/config/manifest.js';
import type { LoadedConfig } from '../../core/config/source.js';
import { createContainer } from '../../core/kernel/container.js';
import { Kernel } from '../../core/kernel/kernel.js';
import type { PluginRegistry } from '../../core/plugins/registry.js';
import type { Clock, PluginDefinition, TransportInstance } from '../../core/plugins/types.js';
import { ManifestValidators } from '../../core/schema/validators.js';

/** A silent manifest of the given sections; the others are empty. */
export function manifestOf(
  sections: Pick<Manifest, 'providers' | 'transports' | 'pipelines'> & Partial<Manifest>,
): Manifest {
  return {
    version: 1,
    logLevel: 'silent',
    plugins: [],
    secretStores: {},
    caches: {},
    notifiers: {},
    ...sections,
  };
}

/** An enabled quote pipeline with the runtime's defaults. */
export function pipelineOf(
  provider: string,
  transports: string[],
  symbols: string[],
  extra: Partial<PipelineConfig> = {},
): PipelineConfig {
  return {
    enabled: true,
    provider,
    symbols,
    records: ['quote'],
    barInterval: '1d',
    ...defaultPipelineRuntime,
    transports,
    ...extra,
  };
}

/** A transport plugin named `recorder` whose every instance is `transport`. */
export function recorderPlugin(transport: TransportInstance): PluginDefinition<'transport'> {
  return {
    kind: 'transport',
    name: 'recorder',
    version: '1.0.0',
    core: '^0.1.0',
    optionsSchema: { type: 'object' },
    create: () => transport,
  };
}

/** A started deployment: the kernel and the container that made it. */
export interface Deployment {
  readonly kernel: Kernel;
  readonly container: DependencyContainer;
}

/**
 * Wires `manifest` (as if loaded from /tmp/stockpoller.yaml) through the real container with
 * `registry`, and starts its kernel. The caller stops it.
 */
export async function startDeployment(
  manifest: Manifest,
  registry: PluginRegistry,
  options: { readonly logger?: Logger; readonly clock?: Clock } = {},
): Promise<Deployment> {
  const loaded: LoadedConfig = {
    manifestFile: '/tmp/stockpoller.yaml',
    overlayFile: undefined,
    env: undefined,
    value: manifest,
    origins: new Map(),
    secretRefs: [],
  };
  const container = createContainer(
    { loaded, manifest, registry, validators: new ManifestValidators() },
    { logger: options.logger ?? pino({ level: 'silent' }), ...options },
  );
  const kernel = container.resolve(Kernel);
  await kernel.start();
  return { kernel, container };
}
