import 'reflect-metadata';
import { container as rootContainer, type DependencyContainer } from 'tsyringe';
import type { Logger } from 'pino';
import type { PreparedConfig } from '../config/prepare.js';
import type { Clock } from '../plugins/types.js';
import { RuntimeEvents } from '../runtime/events.js';
import { PipelineRunner } from '../runtime/pipeline-runner.js';
import { wholeShard, type Shard } from '../runtime/shard.js';
import { Kernel } from './kernel.js';
import { systemClock, tokens } from './tokens.js';

/** What the container needs besides the prepared configuration. */
export interface ContainerOptions {
  readonly logger: Logger;
  readonly clock?: Clock;
  /** The part of every pipeline's symbols this replica polls; default all of them. */
  readonly shard?: Shard;
}

/**
 * A child container wiring one deployment: the prepared configuration, the logger and clock,
 * and singletons of the Kernel and the PipelineRunner. Each call is independent, so tests
 * and embedders can run several deployments in one process.
 */
export function createContainer(
  prepared: PreparedConfig,
  options: ContainerOptions,
): DependencyContainer {
  const container = rootContainer.createChildContainer();
  container.register(tokens.manifest, { useValue: prepared.manifest });
  container.register(tokens.loadedConfig, { useValue: prepared.loaded });
  container.register(tokens.registry, { useValue: prepared.registry });
  container.register(tokens.validators, { useValue: prepared.validators });
  container.register(tokens.logger, { useValue: options.logger });
  const clock = options.clock ?? systemClock;
  container.register(tokens.clock, { useValue: clock });
  container.register(tokens.events, { useValue: new RuntimeEvents(clock, options.logger) });
  container.register(tokens.shard, { useValue: options.shard ?? wholeShard });
  container.registerSingleton(Kernel);
  container.registerSingleton(PipelineRunner);
  return container;
}
