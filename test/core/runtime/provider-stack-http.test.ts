import { expect } from 'chai';
import { pino } from 'pino';
import 'reflect-metadata';
import sinon from 'sinon';
import {
  defaultBufferConfig,
  defaultPipelineRuntime,
  defaultProviderRuntime,
  type Manifest,
  type ProviderInstanceConfig,
} from '../../../core/config/manifest.js';
import type { LoadedConfig } from '../../../core/config/source.js';
import { createContainer } from '../../../core/kernel/container.js';
import { Kernel } from '../../../core/kernel/kernel.js';
import { createBuiltinRegistry } from '../../../core/plugins/builtins.js';
import type { KernelEvent } from '../../../core/plugins/types.js';
import { PipelineRunner } from '../../../core/runtime/pipeline-runner.js';
import { ManifestValidators } from '../../../core/schema/validators.js';
import finnhub from '../../../plugins/provider-finnhub/index.js';
import { credentialFor } from '../../contracts/provider-contract.js';
import { optionsOf } from '../../helpers/provider-harness.js';
import {
  fakeNowMs,
  startFinnhubFake,
  type FinnhubFake,
} from '../../plugins/provider-finnhub/fake-api.js';
import { manualClock } from './resilience-fixtures.js';
import { recordingTransport } from './runtime-fixtures.js';

/** A deployment of the real finnhub plugin against its fake API, with a recording transport. */
async function deploy(fake: FinnhubFake, provider: Partial<ProviderInstanceConfig>) {
  const registry = createBuiltinRegistry();
  const transport = recordingTransport();
  registry.register(
    {
      kind: 'transport',
      name: 'recorder',
      version: '1.0.0',
      core: '^0.1.0',
      optionsSchema: { type: 'object' },
      create: () => transport,
    },
    'test',
  );
  const options: Record<string, unknown> = {
    ...optionsOf(finnhub, {
      apiKey: credentialFor('ok'),
      baseUrl: `${fake.url}/api/v1`,
      timeoutMs: 2000,
    }),
  };
  const manifest: Manifest = {
    version: 1,
    logLevel: 'silent',
    plugins: [],
    secretStores: {},
    caches: {},
    notifiers: {},
    providers: { market: { use: 'finnhub', options, ...defaultProviderRuntime, ...provider } },
    transports: {
      bus: {
        use: 'recorder',
        options: {},
        buffer: { ...defaultBufferConfig, maxBatchDelay: '1ms' },
      },
    },
    pipelines: {
      quotes: {
        enabled: true,
        provider: 'market',
        symbols: ['AAPL'],
        records: ['quote'],
        barInterval: '1d',
        ...defaultPipelineRuntime,
        transports: ['bus'],
      },
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
  const clock = manualClock(fakeNowMs);
  const container = createContainer(
    { loaded, manifest, registry, validators: new ManifestValidators() },
    { logger: pino({ level: 'silent' }), clock },
  );
  const kernel = container.resolve(Kernel);
  const heard: KernelEvent[] = [];
  kernel.events.subscribe((event) => {
    heard.push(event);
  });
  await kernel.start();
  return { kernel, runner: container.resolve(PipelineRunner), transport, clock, heard };
}

const quoteRequests = (fake: FinnhubFake): number =>
  fake.requests.filter((request) => request.path.endsWith('/quote')).length;

const unavailable = { status: 503, body: { error: 'Service Unavailable' } };

describe('ProviderStack over HTTP', () => {
  let fake: FinnhubFake;
  let stop: (() => Promise<unknown>) | undefined;

  beforeEach(async () => {
    fake = await startFinnhubFake();
  });

  afterEach(async () => {
    sinon.restore();
    await stop?.();
    stop = undefined;
    await fake.close();
  });

  it('polls successfully when the API answers 503 twice and then 200', async () => {
    let failures = 2;
    fake.override(() => (failures-- > 0 ? unavailable : undefined));
    const retry = { maxAttempts: 3, initialDelay: '1ms', maxDelay: '2ms' };
    const { kernel, runner, transport, heard } = await deploy(fake, { retry });
    stop = () => kernel.stop();
    const results = await runner.runOnce();
    await kernel.events.settled();

    expect(results.get('quotes')).to.deep.equal({
      records: 1,
      failedSymbols: 0,
      invalidRecords: 0,
      unchangedQuotes: 0,
    });
    expect(quoteRequests(fake)).to.equal(3);
    expect(transport.received.map((e) => e.record.symbol)).to.deep.equal(['AAPL']);
    expect(heard).to.deep.equal([]);
  });

  it('opens the circuit when the API keeps failing, then closes it once it recovers', async () => {
    fake.override(() => unavailable);
    const { kernel, runner, transport, clock, heard } = await deploy(fake, {
      retry: { maxAttempts: 2, initialDelay: '1ms', maxDelay: '2ms' },
      circuitBreaker: { failureThreshold: 2, openFor: '30s' },
    });
    stop = () => kernel.stop();
    await runner.runOnce();
    await kernel.events.settled();

    expect(quoteRequests(fake)).to.equal(2);
    const opened = heard.find((event) => event.type === 'provider.circuit_opened');
    expect(opened?.fields).to.deep.equal({
      provider: 'market',
      failures: 2,
      openForMs: 30_000,
      code: 'SP_ERR_PROVIDER_UNAVAILABLE',
    });

    const failedFast = await runner.runOnce();
    expect(failedFast.get('quotes')).to.include({ records: 0, failedSymbols: 1 });
    expect(quoteRequests(fake)).to.equal(2);

    fake.override(undefined);
    clock.advance(30_000);
    const recovered = await runner.runOnce();
    await kernel.events.settled();
    expect(recovered.get('quotes')).to.include({ records: 1, failedSymbols: 0 });
    expect(transport.received).to.have.length(1);
    expect(heard.map((event) => event.type).slice(-2)).to.deep.equal([
      'provider.circuit_half_open',
      'provider.circuit_closed',
    ]);
  });
});
