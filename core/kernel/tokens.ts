import type { InjectionToken } from 'tsyringe';
import type { Logger } from 'pino';
import type { LoadedConfig } from '../config/source.js';
import type { Manifest } from '../config/manifest.js';
import type { PluginRegistry } from '../plugins/registry.js';
import type { Clock } from '../plugins/types.js';
import type { RuntimeEvents } from '../runtime/events.js';
import type { Shard } from '../runtime/shard.js';
import type { ManifestValidators } from '../schema/validators.js';

/** Injection tokens of the kernel's container. */
export const tokens = {
  manifest: Symbol('Manifest') as InjectionToken<Manifest>,
  loadedConfig: Symbol('LoadedConfig') as InjectionToken<LoadedConfig>,
  registry: Symbol('PluginRegistry') as InjectionToken<PluginRegistry>,
  validators: Symbol('ManifestValidators') as InjectionToken<ManifestValidators>,
  logger: Symbol('Logger') as InjectionToken<Logger>,
  clock: Symbol('Clock') as InjectionToken<Clock>,
  events: Symbol('RuntimeEvents') as InjectionToken<RuntimeEvents>,
  /** The part of the symbols this replica polls (the whole unless `--shard` says otherwise). */
  shard: Symbol('Shard') as InjectionToken<Shard>,
} as const;

/** The wall clock. */
export const systemClock: Clock = { now: () => Date.now() };
