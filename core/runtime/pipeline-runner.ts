import 'reflect-metadata';
import { inject, injectable } from 'tsyringe';
import type { Logger } from 'pino';
import type { Manifest, PipelineConfig } from '../config/manifest.js';
import { Kernel } from '../kernel/kernel.js';
import { tokens } from '../kernel/tokens.js';
import type { Clock, TransportInstance } from '../plugins/types.js';
import { parseDuration } from './duration.js';
import { pollPipeline, type PollTarget } from './poll-pipeline.js';
import type { PollStats } from './poll-stats.js';

interface Scheduled {
  readonly target: PollTarget;
  timer: NodeJS.Timeout | undefined;
  inFlight: Promise<PollStats> | undefined;
  skippedTicks: number;
}

/**
 * Runs the enabled pipelines of the manifest against the kernel's running instances: once
 * (`run --once`) or on each pipeline's interval. A tick that comes while the previous poll
 * of the same pipeline still runs is skipped and counted, never stacked.
 */
@injectable()
export class PipelineRunner {
  private readonly scheduled: Scheduled[] = [];
  private readonly controller = new AbortController();
  private running = false;

  constructor(
    @inject(Kernel) private readonly kernel: Kernel,
    @inject(tokens.manifest) private readonly manifest: Manifest,
    @inject(tokens.logger) private readonly log: Logger,
    @inject(tokens.clock) private readonly clock: Clock,
  ) {}

  /** Polls every enabled pipeline once, in parallel, and returns each one's counters. */
  async runOnce(): Promise<Map<string, PollStats>> {
    const targets = this.targets();
    const results = await Promise.all(targets.map((t) => pollPipeline(t, this.controller.signal)));
    return new Map(targets.map((t, i) => [t.name, results[i] as PollStats]));
  }

  /** Starts polling every enabled pipeline now and then on its interval. */
  start(): void {
    this.running = true;
    for (const target of this.targets()) {
      const entry: Scheduled = { target, timer: undefined, inFlight: undefined, skippedTicks: 0 };
      this.scheduled.push(entry);
      this.tick(entry, parseDuration(target.config.every));
    }
  }

  /** Stops scheduling and waits for polls in flight (at most `graceMs`, then aborts them). */
  async stop(graceMs = 10_000): Promise<void> {
    this.running = false;
    for (const entry of this.scheduled) clearTimeout(entry.timer);

    const inFlight = this.scheduled.map((e) => e.inFlight).filter((p) => p !== undefined);
    const grace = new Promise<void>((resolve) => setTimeout(resolve, graceMs).unref());
    await Promise.race([Promise.allSettled(inFlight), grace]);
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

  private targets(): PollTarget[] {
    return Object.entries(this.manifest.pipelines)
      .filter(([, config]) => config.enabled)
      .map(([name, config]) => this.targetOf(name, config));
  }

  private targetOf(name: string, config: PipelineConfig): PollTarget {
    const transports = new Map<string, TransportInstance>(
      config.transports.map((label) => [label, this.kernel.instance('transport', label)]),
    );
    return {
      name,
      config,
      provider: this.kernel.instance('provider', config.provider),
      providerName: this.manifest.providers[config.provider]?.use ?? config.provider,
      transports,
      log: this.log.child({ pipeline: name }),
      clock: this.clock,
    };
  }
}
