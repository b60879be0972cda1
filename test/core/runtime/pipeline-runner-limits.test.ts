import { expect } from 'chai';
import { defaultBufferConfig, defaultProviderRuntime } from '../../../core/config/manifest.js';
import type { Kernel } from '../../../core/kernel/kernel.js';
import { createBuiltinRegistry } from '../../../core/plugins/builtins.js';
import { definePlugin } from '../../../core/plugins/define.js';
import type { ProviderInstance } from '../../../core/plugins/types.js';
import { buildQuote, ProviderHttp, quoteEach, readJson } from '../../../core/providers/index.js';
import { PipelineRunner } from '../../../core/runtime/pipeline-runner.js';
import {
  manifestOf,
  pipelineOf,
  recorderPlugin,
  startDeployment,
} from '../../helpers/deployment.js';
import { startLimitedServer, type LimitedServer } from '../../helpers/limited-server.js';
import { recordingTransport } from './runtime-fixtures.js';

interface StandInOptions {
  readonly baseUrl: string;
}

/**
 * A provider written as a plugin author would, on the public toolkit: one GET per symbol,
 * declaring 5 requests a second, which the strict server below enforces.
 */
const standIn = definePlugin<'provider', StandInOptions>({
  kind: 'provider',
  name: 'strict-stand-in',
  version: '1.0.0',
  core: '^0.1.0',
  optionsSchema: {
    type: 'object',
    properties: { baseUrl: { type: 'string' } },
    required: ['baseUrl'],
    additionalProperties: false,
  },
  create(context, options): ProviderInstance {
    const http = new ProviderHttp(context, { baseUrl: options.baseUrl, timeoutMs: 5000 });
    const fetchOne = async (symbol: string) => {
      const response = await http.get('/quote', { symbol });
      const nowMs = context.clock.now();
      const body = readJson<{ price: number }>(response, { what: `quote of ${symbol}`, nowMs });
      return buildQuote({
        symbol,
        provider: 'strict-stand-in',
        price: body.price,
        timestampMs: nowMs,
      });
    };
    return {
      capabilities: {
        quote: true,
        maxSymbolsPerCall: 1,
        dailyBars: false,
        intradayIntervals: [],
        rateLimits: { perSecond: 5 },
      },
      fetchQuotes: (symbols) => quoteEach(symbols, fetchOne, { concurrency: 4 }),
    };
  },
});

const symbols = Array.from({ length: 12 }, (_, i) => `SYM${String(i)}`);

async function deploy(server: LimitedServer) {
  const registry = createBuiltinRegistry();
  registry.register(standIn, 'test');
  const transport = recordingTransport();
  registry.register(recorderPlugin(transport), 'test');
  const options = { baseUrl: server.url };
  const buffer = { ...defaultBufferConfig, maxBatchDelay: '1ms' };
  const manifest = manifestOf({
    providers: { strict: { use: 'strict-stand-in', options, ...defaultProviderRuntime } },
    transports: { bus: { use: 'recorder', options: {}, buffer } },
    // Two pipelines share the instance, and so its budget.
    pipelines: {
      first: pipelineOf('strict', ['bus'], symbols.slice(0, 6)),
      second: pipelineOf('strict', ['bus'], symbols.slice(6)),
    },
  });
  const { kernel, container } = await startDeployment(manifest, registry);
  return { kernel, runner: container.resolve(PipelineRunner), transport };
}

describe('PipelineRunner against a provider enforcing a strict sliding window', () => {
  let server: LimitedServer;
  let kernel: Kernel | undefined;

  beforeEach(async () => {
    server = await startLimitedServer([{ limit: 5, windowMs: 1000 }]);
  });

  afterEach(async () => {
    await kernel?.stop();
    kernel = undefined;
    await server.close();
  });

  it('polls two pipelines sharing one budget without a single 429', async () => {
    const deployed = await deploy(server);
    kernel = deployed.kernel;

    const results = await deployed.runner.runOnce();

    expect(server.rejected()).to.equal(0);
    expect(server.peak(1000)).to.be.at.most(5);
    // 12 calls at 5 a second: the last two wait for the third second's room.
    expect(server.accepted).to.have.length(12);
    expect(results.get('first')).to.include({ records: 6, failedSymbols: 0 });
    expect(results.get('second')).to.include({ records: 6, failedSymbols: 0 });
    const published = deployed.transport.received.map((envelope) => envelope.record.symbol);
    expect([...published].sort()).to.deep.equal([...symbols].sort());
  });
});
