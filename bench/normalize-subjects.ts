import type { Dispatcher } from 'undici';
import { pino } from 'pino';
import { HttpPools } from '../core/kernel/http-pools.js';
import type { PluginContext, PluginDefinition } from '../core/plugins/types.js';
import { StockpollerError } from '../core/errors/index.js';
import type { ProviderContractSubject } from '../test/contracts/provider-contract.js';
import { alpacaSubject } from '../test/plugins/provider-alpaca/subject.js';
import { barchartSubject } from '../test/plugins/provider-barchart/subject.js';
import { fmpSubject } from '../test/plugins/provider-fmp/subject.js';
import { intrinioSubject } from '../test/plugins/provider-intrinio/subject.js';
import { polygonSubject } from '../test/plugins/provider-polygon/subject.js';
import { tiingoSubject } from '../test/plugins/provider-tiingo/subject.js';
import { twelvedataSubject } from '../test/plugins/provider-twelvedata/subject.js';

/** A provider ready to benchmark: its plugin, options and one recorded batch response. */
export interface BatchSubject {
  readonly plugin: PluginDefinition<'provider', never>;
  readonly options: Record<string, unknown>;
  readonly nowMs: number;
  /** The body the provider's fake API answered to a batch quote request of `symbols`. */
  readonly body: string;
}

/** Providers with a batch quote endpoint, benchmarked with their tests' fake APIs. */
const batchProviders: readonly ProviderContractSubject[] = [
  polygonSubject,
  alpacaSubject,
  twelvedataSubject,
  fmpSubject,
  tiingoSubject,
  intrinioSubject,
  barchartSubject,
];

/**
 * Records, for each batch provider, the body its fake API gives for one batch of `symbols`
 * (the documented shape, built by the same fixtures as the tests), with options that select
 * its batch endpoint. Providers whose batch is smaller than `symbols` get their maximum.
 */
export async function recordBatchSubjects(symbols: readonly string[]): Promise<BatchSubject[]> {
  const subjects: BatchSubject[] = [];
  for (const subject of batchProviders) {
    const server = await subject.startServer();
    const pools = new HttpPools();
    let body = '';
    const recording = (origin: string): Dispatcher => {
      const pool = pools.create(origin);
      return {
        request: async (options: Dispatcher.RequestOptions) => {
          const response = await pool.request(options);
          const bytes = Buffer.from(await response.body.arrayBuffer());
          body = bytes.toString('utf8');
          return { ...response, body: { arrayBuffer: () => Promise.resolve(bytes) } };
        },
      } as unknown as Dispatcher;
    };
    const options = {
      ...defaultsOf(subject.plugin),
      ...subject.optionsFor(server, 'ok'),
      ...(batchOptions[subject.plugin.name] ?? {}),
    };
    const provider = await subject.plugin.create(contextWith(subject, recording), options as never);
    await provider.fetchQuotes(subject.knownSymbols);
    await pools.closeAll();
    await server.close();
    const wanted = symbols.slice(0, provider.capabilities.maxSymbolsPerCall);
    const batch = replicateBatch(body, subject.knownSymbols[0] ?? '', wanted);
    subjects.push({ plugin: subject.plugin, options, nowMs: subject.nowMs, body: batch });
  }
  return subjects;
}

/**
 * Turns a recorded batch answer for a few known symbols into one for `wanted`: the entry of
 * `known` (an array item or a map value that names it) is cloned once per wanted symbol with
 * the ticker replaced, so the body keeps the provider's exact documented shape.
 */
export function replicateBatch(body: string, known: string, wanted: readonly string[]): string {
  const parsed = JSON.parse(body) as unknown;
  const swap = (entry: unknown, symbol: string): unknown =>
    JSON.parse(
      JSON.stringify(entry)
        .split(`"${known}"`)
        .join(`"${symbol}"`)
        .split(`"${known.toLowerCase()}"`)
        .join(`"${symbol.toLowerCase()}"`),
    );
  const names = (value: unknown): boolean =>
    JSON.stringify(value).toLowerCase().includes(`"${known.toLowerCase()}"`);

  const rebuild = (node: unknown): unknown => {
    if (Array.isArray(node)) {
      const items = node as unknown[];
      const template = items.find(names);
      if (template !== undefined && items.every((item) => typeof item === 'object')) {
        return wanted.map((s) => swap(template, s));
      }
      return items.map(rebuild);
    }
    if (typeof node === 'object' && node !== null) {
      const record = node as Record<string, unknown>;
      const key = Object.keys(record).find((k) => k.toLowerCase() === known.toLowerCase());
      if (key !== undefined)
        return Object.fromEntries(
          wanted.map((s) => [key === known ? s : s.toLowerCase(), swap(record[key], s)]),
        );
      return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, rebuild(v)]));
    }
    return node;
  };
  return JSON.stringify(rebuild(parsed));
}

/** Options that pick the batch endpoint where a plan decides it. */
const batchOptions: Record<string, Record<string, unknown>> = {
  twelvedata: { plan: 'pro', creditsPerMinute: 610 },
  fmp: { plan: 'starter', batchQuotes: 'always' },
};

function defaultsOf(plugin: PluginDefinition<'provider', never>): Record<string, unknown> {
  const properties = (plugin.optionsSchema.properties ?? {}) as Record<
    string,
    { default?: unknown }
  >;
  return Object.fromEntries(
    Object.entries(properties)
      .filter(([, s]) => s.default !== undefined)
      .map(([k, s]) => [k, s.default]),
  );
}

/** A plugin context whose HTTP goes through `http`. */
export function contextWith(
  subject: { plugin: { name: string }; nowMs: number },
  http: (origin: string) => Dispatcher,
): PluginContext {
  return {
    log: pino({ level: 'silent' }),
    label: subject.plugin.name,
    clock: { now: () => subject.nowMs },
    cache: undefined,
    secret: () =>
      Promise.reject(new StockpollerError('SP_ERR_SECRET_NOT_FOUND', 'none in benches')),
    http,
  };
}
