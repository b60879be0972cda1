import { expect } from 'chai';
import { pino } from 'pino';
import {
  defaultBufferConfig,
  defaultProviderRuntime,
  type ProviderInstanceConfig,
} from '../../../core/config/manifest.js';
import type { Kernel } from '../../../core/kernel/kernel.js';
import { createBuiltinRegistry } from '../../../core/plugins/builtins.js';
import { ProviderStack } from '../../../core/runtime/provider-stack.js';
import { manifestOf, pipelineOf, startDeployment } from '../../helpers/deployment.js';
import twelvedata from '../../../plugins/provider-twelvedata/index.js';
import { credentialFor, type Scenario } from '../../contracts/provider-contract.js';
import type { FakeServer } from '../../helpers/fake-server.js';
import { optionsOf } from '../../helpers/provider-harness.js';
import { startTwelveDataFake } from '../../plugins/provider-twelvedata/fake-api.js';
import { nowMs } from '../../plugins/provider-twelvedata/fixtures.js';
import { manualClock } from './resilience-fixtures.js';

const silent = pino({ level: 'silent' });

/** The real twelvedata plugin on its fake API, started by a kernel, and its provider stack. */
async function deploy(
  fake: FakeServer,
  scenario: Scenario,
  runtime: Pick<Partial<ProviderInstanceConfig>, 'rateLimits' | 'retry'>,
) {
  const options: Record<string, unknown> = {
    ...optionsOf(twelvedata, { apiKey: credentialFor(scenario), baseUrl: fake.url }),
  };
  const provider = { use: 'twelvedata', options, ...defaultProviderRuntime, ...runtime };
  const manifest = manifestOf({
    providers: { market: provider },
    transports: { out: { use: 'stdout', options: {}, buffer: defaultBufferConfig } },
    pipelines: { quotes: pipelineOf('market', ['out'], ['AAPL']) },
  });
  const clock = manualClock(nowMs);
  const { kernel } = await startDeployment(manifest, createBuiltinRegistry(), { clock });
  const stack = new ProviderStack(kernel, manifest, silent, clock);
  return { kernel, provider: stack.provider('market') };
}

const symbolsPerQuoteCall = (fake: FakeServer): number[] =>
  fake.requests
    .filter((request) => request.path === '/quote')
    .map((request) => (request.query.get('symbol') ?? '').split(',').length);

describe('ProviderStack within the rate limits', () => {
  let fake: FakeServer;
  let kernel: Kernel | undefined;

  beforeEach(async () => {
    fake = await startTwelveDataFake();
  });

  afterEach(async () => {
    await kernel?.stop();
    kernel = undefined;
    await fake.close();
  });

  it('batches no more symbols than the tightest window holds when each costs a credit', async () => {
    // The Basic plan's 8 credits a minute replaced by 3 a second in the manifest.
    const deployed = await deploy(fake, 'ok', { rateLimits: { perSecond: 3, perMinute: 0 } });
    kernel = deployed.kernel;

    const outcomes = await deployed.provider.fetchQuotes(['AAPL', 'MSFT', 'GOOG', 'AMZN', 'NVDA']);

    expect(outcomes.map((o) => o.quote?.symbol)).to.deep.equal([
      'AAPL',
      'MSFT',
      'GOOG',
      'AMZN',
      'NVDA',
    ]);
    expect(symbolsPerQuoteCall(fake)).to.deep.equal([3, 2]);
    const state = await kernel.rateGate('market')?.armed?.state();
    const second = state?.windows.find((window) => window.name === 'second');
    const day = state?.windows.find((window) => window.name === 'day');
    expect(second).to.include({ limit: 3 });
    expect(day).to.include({ used: 5, limit: 800 });
  });

  it('parks the instance when a bar call meets the daily quota, and calls no more', async () => {
    const deployed = await deploy(fake, 'daily-quota', {
      retry: { maxAttempts: 3, initialDelay: '1ms', maxDelay: '2ms' },
    });
    kernel = deployed.kernel;
    const heard: string[] = [];
    kernel.events.subscribe((event) => {
      heard.push(event.type);
    });
    const request = { symbol: 'AAPL', interval: '1d', from: '2026-03-02', to: '2026-03-09' };

    const error = await deployed.provider.fetchBars?.(request).catch((e: unknown) => e);

    expect(error).to.have.nested.property('failure.quota', 'day');
    expect(fake.requests).to.have.length(1);
    const state = await kernel.rateGate('market')?.armed?.state();
    expect(state?.parked).to.equal(true);
    // Parked until 00:00 UTC after the fake's clock (the limiter measures on the real one).
    expect(state?.pausedUntil).to.be.greaterThan(Date.now() + 60_000);
    await kernel.events.settled();
    expect(heard).to.deep.equal(['provider.quota_parked']);
  });
});
