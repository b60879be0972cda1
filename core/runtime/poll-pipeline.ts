import type { Logger } from 'pino';
import type { PipelineConfig } from '../config/manifest.js';
import { createEnvelope } from '../contract/envelope.js';
import { toIsoUtc } from '../contract/time.js';
import type { Bar, Envelope, Quote, RecordSchemaName } from '../contract/types.js';
import { validateRecord } from '../contract/validate.js';
import { isStockpollerError } from '../errors/index.js';
import type { Clock, ProviderInstance } from '../plugins/types.js';
import { chunk } from '../providers/records.js';
import { parseDuration } from './duration.js';
import { emptyStats, type PollStats } from './poll-stats.js';
import type { TransportQueue } from './transport-queue.js';
import type { UnchangedFilter } from './unchanged-filter.js';

/** What one poll needs: the pipeline's config and its running provider and transports. */
export interface PollTarget {
  readonly name: string;
  readonly config: PipelineConfig;
  readonly provider: ProviderInstance;
  readonly providerName: string;
  /**
   * Most provider calls of this poll in progress at once, each with the hand-over of its
   * records: the pipeline's share of the provider instance's `concurrency`. A call's records must reach the buffers
   * before its worker starts another, so that a slow transport slows fetching down instead of
   * letting a tick's records pile up in memory.
   */
  readonly concurrency: number;
  /** The buffers of the pipeline's transports, by label. */
  readonly transports: ReadonlyMap<string, TransportQueue>;
  readonly log: Logger;
  readonly clock: Clock;
  /** With `skipUnchanged`: the pipeline's memory of the last quote published per symbol. */
  readonly unchanged?: UnchangedFilter;
}

/**
 * Polls a pipeline once: fetches quotes (in chunks the provider accepts) and the latest
 * complete bar, checks every record against the data contract, and hands the valid ones to
 * the buffer of every transport of the pipeline. Never throws for a failing symbol; the
 * returned counters say what happened (deliveries are counted by the buffers).
 */
export async function pollPipeline(target: PollTarget, signal?: AbortSignal): Promise<PollStats> {
  const stats = emptyStats();
  const fetchedAt = toIsoUtc(target.clock.now());
  let envelopes: Envelope[] = [];
  const accept = (schema: RecordSchemaName, record: Quote | Bar): void => {
    const verdict = validateRecord(schema, record);
    if (!verdict.valid) {
      stats.invalidRecords += 1;
      target.log.warn(
        {
          code: 'SP_ERR_CONTRACT_INVALID_RECORD',
          symbol: record.symbol,
          schema,
          problems: verdict.problems,
        },
        'record rejected by contract',
      );
      return;
    }
    if (schema === 'stockpoller.quote' && target.unchanged?.admit(record as Quote) === false) {
      stats.unchangedQuotes += 1;
      return;
    }
    envelopes.push(createEnvelope({ schema, record, pipeline: target.name, fetchedAt }));
    stats.records += 1;
  };
  // Records go to the buffers after each provider call rather than at the end of the poll:
  // a pipeline of thousands of symbols never holds a whole tick's envelopes at once.
  const handOver = async (): Promise<void> => {
    if (envelopes.length === 0) return;
    const batch = envelopes;
    envelopes = [];
    await publishAll(target, batch);
  };

  const circuitOpen = circuitOpenReporter(target);
  const sink: PollSink = { stats, accept, handOver, circuitOpen };
  const { records } = target.config;
  if (records.includes('quote')) await collectQuotes(target, sink, signal);
  if (records.includes('bar')) await collectBars(target, sink, signal);
  await handOver();
  circuitOpen.report();
  target.log.debug({ ...stats }, 'pipeline polled');
  return stats;
}

type Accept = (schema: RecordSchemaName, record: Quote | Bar) => void;

/** Where the collectors of one poll put what they find. */
interface PollSink {
  readonly stats: PollStats;
  readonly accept: Accept;
  /** Hands the records accepted so far to the transport buffers. */
  readonly handOver: () => Promise<void>;
  readonly circuitOpen: CircuitOpenReporter;
}

/** Counts failures of an open circuit, so that a poll logs them once rather than per symbol. */
interface CircuitOpenReporter {
  /** True (and counted) when `error` is a circuit-open failure. */
  skipped(error: unknown): boolean;
  /** Logs one warning when anything was counted. */
  report(): void;
}

async function collectQuotes(
  target: PollTarget,
  sink: PollSink,
  signal?: AbortSignal,
): Promise<void> {
  const { symbols } = target.config;
  const chunks = chunk(symbols, target.provider.capabilities.maxSymbolsPerCall);
  // Chunks run in parallel up to the provider's bound, each handing its records to the buffers
  // as soon as it is answered, before its worker takes the next chunk.
  await inWorkers(chunks, target.concurrency, async (chunk) => {
    let outcomes;
    try {
      outcomes = await target.provider.fetchQuotes(chunk, signal);
    } catch (error) {
      sink.stats.failedSymbols += chunk.length;
      // A poll aborted by the shutdown has nothing to report; the shutdown logs what it cut.
      if (signal?.aborted === true) return;
      if (!sink.circuitOpen.skipped(error)) {
        target.log.warn({ err: error, symbols: chunk.length }, 'quote call failed');
      }
      return;
    }
    for (const outcome of outcomes) {
      if (outcome.error === undefined) {
        sink.accept('stockpoller.quote', outcome.quote);
        continue;
      }
      sink.stats.failedSymbols += 1;
      if (sink.circuitOpen.skipped(outcome.error)) continue;
      target.log.warn(
        { symbol: outcome.symbol, code: outcome.error.code, err: outcome.error },
        'symbol failed',
      );
    }
    await sink.handOver();
  });
}

/** Runs `work` on every item, at most `workers` at a time, in order of the items. */
async function inWorkers<T>(
  items: readonly T[],
  workers: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) await work(items[next++] as T);
  };
  const count = Math.max(1, Math.min(Math.floor(workers), items.length));
  await Promise.all(Array.from({ length: count }, worker));
}

async function collectBars(
  target: PollTarget,
  { stats, accept, circuitOpen, handOver }: PollSink,
  signal?: AbortSignal,
): Promise<void> {
  const { provider, config } = target;
  const intervalMs = barIntervalMs(config.barInterval);
  const now = target.clock.now();
  // Look back far enough to cross a long weekend for daily bars, a few bars for intraday ones.
  const lookbackMs =
    config.barInterval === '1d' ? 10 * 86_400_000 : Math.max(5 * intervalMs, 4 * 86_400_000);
  // The window ends on a boundary of the bar size (of the hour for daily bars): every poll
  // within one bar asks the same question, so pipelines and replicas can share the cached
  // answer, and no bar that completed before the boundary is missed.
  const windowEnd = now - (now % Math.min(intervalMs, 3_600_000));

  await inWorkers(config.symbols, target.concurrency, async (symbol) => {
    if (provider.fetchBars === undefined) {
      stats.failedSymbols += 1;
      target.log.warn({ symbol, provider: target.providerName }, 'provider has no bars');
      return;
    }
    try {
      const request = {
        symbol,
        interval: config.barInterval,
        from: toIsoUtc(windowEnd - lookbackMs),
        to: toIsoUtc(windowEnd),
      };
      const bars = await provider.fetchBars(request, signal);
      const complete = bars.filter((bar) => Date.parse(bar.timestamp) + intervalMs <= now);
      const latest = complete.at(-1);
      if (latest !== undefined) accept('stockpoller.bar', latest);
    } catch (error) {
      stats.failedSymbols += 1;
      if (signal?.aborted === true) return;
      if (!circuitOpen.skipped(error)) target.log.warn({ symbol, err: error }, 'bar call failed');
    }
    await handOver();
  });
}

// While a provider's circuit is open every symbol fails the same way.
function circuitOpenReporter(target: PollTarget): CircuitOpenReporter {
  let symbols = 0;
  let first: unknown;
  return {
    skipped(error) {
      if (!isStockpollerError(error) || error.code !== 'SP_ERR_PROVIDER_CIRCUIT_OPEN') return false;
      symbols += 1;
      first ??= error;
      return true;
    },
    report() {
      if (symbols === 0) return;
      const fields = {
        provider: target.providerName,
        symbols,
        code: 'SP_ERR_PROVIDER_CIRCUIT_OPEN',
      };
      target.log.warn({ ...fields, err: first }, 'provider circuit open, symbols skipped');
    },
  };
}

function barIntervalMs(interval: string): number {
  return interval === '1d' ? 86_400_000 : parseDuration(interval);
}

async function publishAll(target: PollTarget, envelopes: Envelope[]): Promise<void> {
  // Each transport has its own buffer: a full one only holds up this hand-over, not the others.
  await Promise.all([...target.transports.values()].map((queue) => queue.offer(envelopes)));
}
