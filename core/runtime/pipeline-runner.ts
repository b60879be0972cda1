import 'reflect-metadata';
import { inject, injectable } from 'tsyringe';
import type { Logger } from 'pino';
import { defaultBufferConfig, type Manifest, type PipelineConfig } from '../config/manifest.js';
import { Kernel } from '../kernel/kernel.js';
import { tokens } from '../kernel/tokens.js';
import type { Clock } from '../plugins/types.js';
import { parseDuration } from './duration.js';
import { pollPipeline, type PollTarget } from './poll-pipeline.js';
import type { PollStats } from './poll-stats.js';
import { pipelinesOnShard, wholeShard, type Shard } from './shard.js';
import { TransportQueue, type QueueStats } from './transport-queue.js';

interface Scheduled {
  readonly target: PollTarget;
  timer: NodeJS.Timeout | undefined;
  inFlight: Promise<PollStats> | undefined;
  skippedTicks: number;
}

/**
 * Runs the enabled pipelines of the manifest against the kernel's running instances: once
 * (`run --once`) or on each pipeline's interval. A tick that comes while the previous poll
 * of the same pipeline still runs is skipped and counted, never stacked. Given a shard (see
 * shard.ts), each pipeline polls only the symbols that fall on it.
 */
@injectable()
export class PipelineRunner {
  private readonly scheduled: Scheduled[] = [];
  private readonly queues = new Map<string, TransportQueue>();
  private readonly controller = new AbortController();
  private running = false;
  private sharded: [string, PipelineConfig][] | undefined;

  constructor(
    @inject(Kernel) private readonly kernel: Kernel,
    @inject(tokens.manifest) private readonly manifest: Manifest,
    @inject(tokens.logger) private readonly log: Logger,
    @inject(tokens.clock) private readonly clock: Clock,
    @inject(tokens.shard) private readonly shard: Shard = wholeShard,
  ) {}

  /**
   * Polls every enabled pipeline once, in parallel, waits until the transports' buffers are
   * empty, and returns each pipeline's counters (deliveries: {@link deliveryStats}).
   */
  async runOnce(): Promise<Map<string, PollStats>> {
    const targets = this.targets();
    const results = await Promise.all(targets.map((t) => pollPipeline(t, this.controller.signal)));
    await this.flush();
    return new Map(targets.map((t, i) => [t.name, results[i] as PollStats]));
  }

  /** Waits until every transport buffer has published what it holds. */
  async flush(): Promise<void> {
    await Promise.all([...this.queues.values()].map((queue) => queue.flush()));
  }

  /** Depth and delivered/failed/dropped counters of each transport's buffer. */
  deliveryStats(): Map<string, QueueStats> {
    return new Map([...this.queues].map(([label, queue]) => [label, queue.stats()]));
  }

  /** Starts polling every enabled pipeline now and then on its interval. */
  start(): void {
    this.running = true;
    for (const target of this.targets()) {
      const entry: Scheduled = { target, timer: undefined, inFlight: undefined, skippedTicks: 0 };
      this.scheduled.push(entry);
      this.tick(entry, parseDuration(target.config.every ?? '15s'));
    }
  }

  /**
   * Stops scheduling, lets polls in flight finish and the buffers drain, all within `graceMs`;
   * then aborts what is still running.
   */
  async stop(graceMs = 10_000): Promise<void> {
    this.running = false;
    for (const entry of this.scheduled) clearTimeout(entry.timer);

    const inFlight = this.scheduled.map((e) => e.inFlight).filter((p) => p !== undefined);
    const drained = Promise.allSettled(inFlight).then(() => this.flush());
    const grace = new Promise<void>((resolve) => setTimeout(resolve, graceMs).unref());
    await Promise.race([drained, grace]);
    this.controller.abort();
  }

  /** Ticks skipped per pipeline because the previous poll was still running. */
  skippedTicks(): Map<string, number> {
    return new Map(this.scheduled.map((e) => [e.target.name, e.skippedTicks]));
  }

  private tick(entry: Scheduled, everyMs: number): void {
    if (!this.running) return;
    if (entry.inFlight === undefined) {
      entry.inFlight = pollPipeline(entry.target, this.controller.signal).finally(() => {
        entry.inFlight = undefined;
      });
    } else {
      entry.skippedTicks += 1;
      this.log.warn(
        { pipeline: entry.target.name, skipped: entry.skippedTicks },
        'tick skipped, poll still running',
      );
    }
    entry.timer = setTimeout(() => {
      this.tick(entry, everyMs);
    }, everyMs);
  }

  /** One buffer per transport instance, shared by every pipeline that publishes to it. */
  private queueOf(label: string): TransportQueue {
    let queue = this.queues.get(label);
    if (queue === undefined) {
      const buffer = this.manifest.transports[label]?.buffer ?? defaultBufferConfig;
      const policy = { ...buffer, maxBatchDelayMs: parseDuration(buffer.maxBatchDelay) };
      queue = new TransportQueue(label, this.kernel.instance('transport', label), policy, this.log);
      this.queues.set(label, queue);
    }
    return queue;
  }

  private targets(): PollTarget[] {
    // Symbols are split among replicas once; a pipeline with none here is left out.
    this.sharded ??= pipelinesOnShard(
      Object.entries(this.manifest.pipelines).filter(([, config]) => config.enabled),
      this.shard,
      this.log,
    );
    return this.sharded.map(([name, config]) => this.targetOf(name, config));
  }

  private targetOf(name: string, config: PipelineConfig): PollTarget {
    const transports = new Map(config.transports.map((label) => [label, this.queueOf(label)]));
    return {
      name,
      config,
      provider: this.kernel.instance('provider', config.provider),
      providerName: this.manifest.providers[config.provider]?.use ?? config.provider,
      transports,
      log: this.log.child({ pipeline: name }),
      clock: this.clock,
      rateGate: this.kernel.rateGate(config.provider),
    };
  }
}
