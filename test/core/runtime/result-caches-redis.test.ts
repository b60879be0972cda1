import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { createConnection } from 'node:net';
import { createClient } from '@keyv/redis';
import { pino } from 'pino';
import 'reflect-metadata';
import {
  defaultBufferConfig,
  defaultPipelineRuntime,
  defaultProviderRuntime,
  type Manifest,
} from '../../../core/config/manifest.js';
import type { LoadedConfig } from '../../../core/config/source.js';
import type { Envelope } from '../../../core/contract/types.js';
import { createContainer } from '../../../core/kernel/container.js';
import { Kernel } from '../../../core/kernel/kernel.js';
import { definePlugin } from '../../../core/plugins/define.js';
import { createBuiltinRegistry } from '../../../core/plugins/builtins.js';
import type { QuoteOutcome } from '../../../core/plugins/types.js';
import { providerFailure } from '../../../core/providers/failure.js';
import { PipelineRunner } from '../../../core/runtime/pipeline-runner.js';
import type { PollStats } from '../../../core/runtime/poll-stats.js';
import { ManifestValidators } from '../../../core/schema/validators.js';
import { now, quoteOf } from './runtime-fixtures.js';

const redisUrl = 'redis://127.0.0.1:6379';

/** Fails (never skips) with how to start Redis when it is not listening. */
async function requireRedis(): Promise<void> {
  const reachable = await new Promise<boolean>((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port: 6379 });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => {
      resolve(false);
    });
  });
  if (!reachable) {
    throw new Error(
      'Redis is down on 127.0.0.1:6379; start it with: redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save ""',
    );
  }
}

/** One replica: its own kernel, runner, provider calls and received envelopes. */
interface Replica {
  readonly kernel: Kernel;
  readonly runner: PipelineRunner;
  readonly calls: string[][];
  readonly received: Envelope[];
}

const answer = (symbols: readonly string[]): QuoteOutcome[] =>
  symbols.map((symbol) =>
    symbol === 'ZZZ'
      ? { symbol, error: providerFailure('not_found', 'quote of ZZZ: unknown symbol') }
      : { symbol, quote: quoteOf(symbol) },
  );

/** A deployment of the real kernel and runner, with the real redis cache, as one replica. */
async function startReplica(namespace: string): Promise<Replica> {
  const calls: string[][] = [];
  const received: Envelope[] = [];
  const registry = createBuiltinRegistry();
  registry.register(
    definePlugin({
      kind: 'provider',
      name: 'counting',
      version: '1.0.0',
      core: '^0.1.0',
      optionsSchema: { type: 'object' },
      create: () => ({
        capabilities: {
          quote: true,
          maxSymbolsPerCall: 50,
          dailyBars: false,
          intradayIntervals: [],
          rateLimits: {},
        },
        fetchQuotes: (symbols: readonly string[]) => {
          calls.push([...symbols]);
          return Promise.resolve(answer(symbols));
        },
      }),
    }),
    'test',
  );
  registry.register(
    definePlugin({
      kind: 'transport',
      name: 'recorder',
      version: '1.0.0',
      core: '^0.1.0',
      optionsSchema: { type: 'object' },
      create: () => ({
        publish: (envelopes: readonly Envelope[]) => {
          received.push(...envelopes);
          return Promise.resolve(envelopes.map((e) => ({ id: e.id, delivered: true as const })));
        },
      }),
    }),
    'test',
  );

  const pipeline = {
    enabled: true,
    provider: 'market',
    every: '10s',
    records: ['quote' as const],
    barInterval: '1d',
    ...defaultPipelineRuntime,
    transports: ['bus'],
  };
  const manifest: Manifest = {
    version: 1,
    logLevel: 'silent',
    plugins: [],
    secretStores: {},
    caches: {
      shared: { use: 'redis', options: { url: redisUrl, namespace, connectTimeoutMs: 2000 } },
    },
    providers: {
      market: { use: 'counting', options: {}, ...defaultProviderRuntime, cacheTtlSeconds: 60 },
    },
    transports: { bus: { use: 'recorder', options: {}, buffer: defaultBufferConfig } },
    notifiers: {},
    pipelines: {
      equities: { ...pipeline, symbols: ['AAA', 'BBB', 'ZZZ'] },
      watchlist: { ...pipeline, symbols: ['BBB'] },
    },
  };
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
    { logger: pino({ level: 'silent' }), clock: { now: () => now } },
  );
  const kernel = container.resolve(Kernel);
  await kernel.start();
  return { kernel, runner: container.resolve(PipelineRunner), calls, received };
}

describe('ResultCaches with the redis cache', () => {
  const namespace = `test-results-${randomUUID()}`;
  const replicas: Replica[] = [];

  before(requireRedis);

  after(async () => {
    await Promise.all(replicas.map((replica) => replica.kernel.stop()));
    const client = createClient({ url: redisUrl });
    await client.connect();
    const keys = await client.keys(`*${namespace}*`);
    if (keys.length > 0) await client.del(keys);
    await client.quit();
  });

  describe('providerOf()', () => {
    it('lets two replicas sharing a Redis cache make one call per symbol between them', async () => {
      const first = await startReplica(namespace);
      replicas.push(first);
      const firstStats = await first.runner.runOnce();
      const second = await startReplica(namespace);
      replicas.push(second);
      const secondStats = await second.runner.runOnce();

      expect(first.calls.flat().sort()).to.deep.equal(['AAA', 'BBB', 'ZZZ']);
      expect(second.calls).to.deep.equal([]);
      const ids = (replica: Replica) => replica.received.map((e) => e.id).sort();
      expect(ids(second)).to.deep.equal(ids(first)).and.have.length(3);
      const expected: Partial<PollStats> = { records: 2, failedSymbols: 1 };
      expect(firstStats.get('equities')).to.include(expected);
      expect(secondStats.get('equities')).to.include(expected);
    });

    it('stores results and remembered failures under their keys with a Redis expiry', async () => {
      const client = createClient({ url: redisUrl });
      await client.connect();
      const ttlOf = async (key: string): Promise<number> => {
        const [found] = await client.keys(`*${namespace}:${key}`);
        return found === undefined ? -3 : client.pTTL(found);
      };
      const resultTtl = await ttlOf('sp:result:market:quote:AAA');
      const failedTtl = await ttlOf('sp:failed:market:quote:ZZZ');
      const missing = await client.keys(`*${namespace}:sp:failed:market:quote:AAA`);
      await client.quit();

      expect(resultTtl).to.be.within(1, 60_000);
      expect(failedTtl).to.be.within(60_001, 300_000);
      expect(missing).to.deep.equal([]);
    });
  });
});
