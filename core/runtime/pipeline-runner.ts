import { setMaxListeners } from 'node:events';
import 'reflect-metadata';
import { inject, injectable } from 'tsyringe';
import type { Logger } from 'pino';
import { defaultBufferConfig, type Manifest, type PipelineConfig } from '../config/manifest.js';
import { createHeartbeatEnvelope } from '../contract/heartbeat.js';
import { toIsoUtc } from '../contract/time.js';
import { Kernel } from '../kernel/kernel.js';
import { tokens } from '../kernel/tokens.js';
import type { Clock } from '../plugins/types.js';
import { parseDuration } from './duration.js';
import { PipelineTicker, type ClosedMarket, type TickerHooks } from './pipeline-ticker.js';
import { pollPipeline, type PollTarget } from './poll-pipeline.js';
import { emptyStats, type PollStats } from './poll-stats.js';
import { ProviderStack } from './provider-stack.js';
import { pipelinesOnShard, wholeShard, type Shard } from './shard.js';
import { TransportQueue, type QueueStats } from './transport-queue.js';
import { UnchangedFilter } from './unchanged-filter.js';

interface Scheduled {
  readonly target: PollTarget;
  ticker: PipelineTicker | undefined;
  inFlight: Promise<PollStats> | undefined;
  /** Heartbeats handed to the buffers and not yet taken in (a full `block` buffer waits). */
  readonly heartbeats: Set<Promise<void>>;
  skippedTicks: number;
  /** Ticks skipped since the poll in flight began. */
  skippedInRow: number;
}

/** What {@link PipelineRunner.stop} left behind. */
export interface DrainReport {
  /** True when every poll in flight ended and every buffer emptied within the grace period. */
  readonly complete: boolean;
  /** Pipelines whose poll was still running when the grace period ended (then aborted). */
  readonly polling: readonly string[];
  /** Messages still buffered per transport when the buffers closed (then abandoned). */
  readonly buffered: Readonly<Record<string, number>>;
}

/**
 * Runs the enabled pipelines of the manifest against the kernel's running instances: once
 * (`run --once`, whatever the schedule and market hours say) or on each pipeline's schedule
 * (see {@link PipelineTicker}). A tick that comes while the previous poll of the same pipeline
 * still runs is skipped and counted, never stacked. Given a shard (see shard.ts), each
 * pipeline polls only the symbols that fall on it.
 */
@injectable()
export class PipelineRunner {
  private readonly scheduled: Scheduled[] = [];
  private readonly queues = new Map<string, TransportQueue>();
  private readonly controller = new AbortController();
  /** Polls of {@link runOnce} in flight, by pipeline, for {@link stop} to wait for. */
  private readonly oncePolls = new Map<string, Promise<PollStats>>();
  private readonly unchangedFilters = new Map<string, UnchangedFilter>();
  private stack: ProviderStack | undefined;
  private running = false;
  private sharded: [string, PipelineConfig][] | undefined;

  constructor(
    @inject(Kernel) private readonly kernel: Kernel,
    @inject(tokens.manifest) private readonly manifest: Manifest,
    @inject(tokens.logger) private readonly log: Logger,
    @inject(tokens.clock) private readonly clock: Clock,
    @inject(tokens.shard) private readonly shard: Shard = wholeShard,
  ) {
    // Every call waiting for a concurrency slot or the rate limit listens to this one signal:
    // a poll of thousands of symbols is not a leak, and Node must not warn that it is.
    setMaxListeners(0, this.controller.signal);
  }

  /**
   * Polls every enabled pipeline once, in parallel, waits until the transports' buffers are
   * empty, and returns each pipeline's counters (deliveries: {@link deliveryStats}).
   */
  async runOnce(): Promise<Map<string, PollStats>> {
    const targets = this.targets();
    const polls = targets.map((target) => {
      const poll = pollPipeline(target, this.controller.signal).finally(() => {
        this.oncePolls.delete(target.name);
      });
      this.oncePolls.set(target.name, poll);
      return poll;
    });
    const results = await Promise.all(polls);
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

  /**
   * Starts each enabled pipeline's schedule: a plain `every` polls at once, `align` and `cron`
   * at their next slot, a market-hours pipeline only once its market is open.
   */
  start(): void {
    this.running = true;
    for (const target of this.targets()) {
      const entry: Scheduled = {
        target,
        ticker: undefined,
        inFlight: undefined,
        heartbeats: new Set(),
        skippedTicks: 0,
        skippedInRow: 0,
      };
      this.scheduled.push(entry);
      entry.ticker = new PipelineTicker(target.config, this.clock, this.hooksOf(entry));
      entry.ticker.start();
    }
  }

  /**
   * Stops scheduling and lets polls in flight finish and the buffers drain, within `graceMs`.
   * Then, drained or not, closes every buffer (what is left, and whatever a late poll still
   * hands over, is abandoned and counted, never published: the transports stop next) and
   * aborts what still runs. Says what was left behind.
   */
  async stop(graceMs = 10_000): Promise<DrainReport> {
    this.running = false;
    for (const entry of this.scheduled) entry.ticker?.stop();

    const inFlight = [
      ...this.oncePolls.values(),
      ...this.scheduled.flatMap((e) => [
        ...(e.inFlight === undefined ? [] : [e.inFlight]),
        ...e.heartbeats,
      ]),
    ];
    const drained = Promise.allSettled(inFlight)
      .then(() => this.flush())
      .then(() => true);
    let timer: NodeJS.Timeout | undefined;
    const grace = new Promise<false>((resolve) => {
      timer = setTimeout(() => {
        resolve(false);
      }, graceMs);
    });
    const complete = await Promise.race([drained, grace]);
    clearTimeout(timer);

    const polling = [
      ...this.oncePolls.keys(),
      ...this.scheduled.filter((e) => e.inFlight !== undefined).map((e) => e.target.name),
    ];
    const buffered: Record<string, number> = {};
    for (const [label, queue] of this.queues) buffered[label] = queue.close();
    this.controller.abort();
    return { complete, polling, buffered };
  }

  /** Ticks skipped per pipeline because the previous poll was still running. */
  skippedTicks(): Map<string, number> {
    return new Map(this.scheduled.map((e) => [e.target.name, e.skippedTicks]));
  }

  private hooksOf(entry: Scheduled): TickerHooks {
    const pipeline = entry.target.name;
    return {
      tick: () => {
        this.tick(entry);
      },
      heartbeat: (market) => {
        this.publishHeartbeat(entry, market);
      },
      marketClosed: (market) => {
        const { exchange, nextOpenMs } = market;
        const nextOpen = toIsoUtc(nextOpenMs);
        this.kernel.events.emit('pipeline.market_closed', { pipeline, exchange, nextOpen });
      },
      marketOpened: (market) => {
        this.kernel.events.emit('pipeline.market_opened', {
          pipeline,
          exchange: market.exchange,
          session: market.session,
        });
      },
    };
  }

  private tick(entry: Scheduled): void {
    if (!this.running) return;
    const pipeline = entry.target.name;
    if (entry.inFlight === undefined) {
      const startedAt = this.clock.now();
      const polled = pollPipeline(entry.target, this.controller.signal).catch((error: unknown) => {
        // pollPipeline handles every failure of a provider call; this is a bug (a plugin's
        // answer of the wrong shape): log it and keep the runner alive for the next tick.
        this.log.error({ pipeline, err: error }, 'poll failed unexpectedly');
        return emptyStats();
      });
      entry.inFlight = polled.finally(() => {
        entry.inFlight = undefined;
        if (entry.skippedInRow === 0) return;
        const durationMs = this.clock.now() - startedAt;
        this.log.info({ pipeline, skipped: entry.skippedInRow, durationMs }, 'slow poll ended');
        entry.skippedInRow = 0;
      });
      return;
    }
    entry.skippedTicks += 1;
    entry.skippedInRow += 1;
    // A poll held for hours (a parked daily quota) would otherwise warn at every tick.
    const fields = { pipeline, skipped: entry.skippedTicks };
    if (entry.skippedInRow === 1) this.log.warn(fields, 'tick skipped, poll still running');
    else this.log.debug(fields, 'tick skipped, poll still running');
  }

  private publishHeartbeat(entry: Scheduled, market: ClosedMarket): void {
    const { target } = entry;
    const envelope = createHeartbeatEnvelope({
      pipeline: target.name,
      exchange: market.exchange,
      phase: market.phase,
      nextOpenMs: market.nextOpenMs,
      nowMs: this.clock.now(),
    });
    const offered = Promise.all([...target.transports.values()].map((q) => q.offer([envelope])))
      .then(
        () => {
          target.log.debug({ id: envelope.id, phase: market.phase }, 'heartbeat queued');
        },
        (error: unknown) => {
          target.log.warn({ err: error, id: envelope.id }, 'heartbeat not queued');
        },
      )
      .finally(() => entry.heartbeats.delete(offered));
    entry.heartbeats.add(offered);
  }

  /**
   * The wrapped provider instances (concurrency bound, retries, circuit breaker), one per
   * label whatever the number of pipelines polling it; also how metrics read their state.
   */
  get providers(): ProviderStack {
    this.stack ??= new ProviderStack(this.kernel, this.manifest, this.log, this.clock);
    return this.stack;
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
    const sharing = new Map<string, number>();
    for (const [, config] of this.sharded) {
      sharing.set(config.provider, (sharing.get(config.provider) ?? 0) + 1);
    }
    return this.sharded.map(([name, config]) =>
      this.targetOf(name, config, sharing.get(config.provider) ?? 1),
    );
  }

  /**
   * The poll target of a pipeline. Its calls in progress are the provider's `concurrency`
   * shared out among the pipelines polling the provider (at least one each), so that pipelines
   * ticking together hold about `concurrency` calls' records at once, not that many each.
   */
  private targetOf(name: string, config: PipelineConfig, sharing: number): PollTarget {
    const transports = new Map(config.transports.map((label) => [label, this.queueOf(label)]));
    // One filter per pipeline for the runner's life, so runOnce() after runOnce() remembers too.
    let unchanged = this.unchangedFilters.get(name);
    if (config.skipUnchanged && unchanged === undefined) {
      unchanged = new UnchangedFilter(config.symbols);
      this.unchangedFilters.set(name, unchanged);
    }
    return {
      name,
      config,
      provider: this.providers.provider(config.provider),
      ...(unchanged === undefined ? {} : { unchanged }),
      providerName: this.manifest.providers[config.provider]?.use ?? config.provider,
      concurrency: Math.ceil(
        (this.manifest.providers[config.provider]?.concurrency ?? 1) / sharing,
      ),
      transports,
      log: this.log.child({ pipeline: name }),
      clock: this.clock,
    };
  }
}
