import { expect } from 'chai';
import type { Bar } from '../../core/contract/types.js';
import { validateRecord } from '../../core/contract/validate.js';
import {
  isStockpollerError,
  type FailureKind,
  type StockpollerError,
} from '../../core/errors/index.js';
import type { PluginDefinition, ProviderInstance, QuoteOutcome } from '../../core/plugins/types.js';
import { dailyBarTimestamp } from '../../core/providers/index.js';
import type { FakeServer } from '../helpers/fake-server.js';
import { failureOf, optionsOf } from '../helpers/provider-harness.js';
import { createRecordingContext, type RecordingContext } from './provider-context.js';

/**
 * What the provider's fake API must be able to act out. The scenario of a request is chosen by
 * the credential it carries: {@link credentialFor} gives `key-<scenario>`.
 */
export const requiredScenarios = [
  'ok',
  'bad-key',
  'rate-limited',
  'server-error',
  'html',
  'truncated',
  'empty',
  'slow',
  'reset',
  'wrong-shape',
] as const;

/** Scenarios only some providers have: a daily quota, a plan wall. */
export const optionalScenarios = ['daily-quota', 'plan-required'] as const;

export type Scenario = (typeof requiredScenarios)[number] | (typeof optionalScenarios)[number];

/** The credential that makes the fake API act out `scenario`. */
export function credentialFor(scenario: Scenario): string {
  return `key-${scenario}`;
}

/** The scenario a credential selects (`ok` for anything unknown, as a permissive API would). */
export function scenarioOf(credential: string | undefined | null): Scenario | 'missing' {
  if (credential === undefined || credential === null || credential === '') return 'missing';
  const name = credential.replace(/^key-/, '');
  const known: readonly string[] = [...requiredScenarios, ...optionalScenarios];
  return (known.includes(name) ? name : 'ok') as Scenario;
}

/** One provider plugin under the shared contract. */
export interface ProviderContractSubject {
  readonly plugin: PluginDefinition<'provider', never>;
  /**
   * How the suite names this subject; default the plugin's name. Give one to each subject of a
   * plugin tested under several settings (`polygon (basic plan)`), so their suites differ.
   */
  readonly label?: string;
  /** Starts the provider's fake API on 127.0.0.1. */
  startServer(): Promise<FakeServer>;
  /** Plugin options (before defaults) that point at `server` with the scenario's credential. */
  optionsFor(server: FakeServer, scenario: Scenario): Record<string, unknown>;
  /** Symbols the fake API prices (at least two). */
  readonly knownSymbols: readonly string[];
  /** A symbol it does not know. */
  readonly unknownSymbol: string;
  /** The optional scenarios the fake API acts out. */
  readonly optional: readonly (typeof optionalScenarios)[number][];
  /** The test clock, epoch ms. */
  readonly nowMs: number;
  /**
   * A daily range and the trading dates the fake API has in it (served over several pages if
   * the API pages). The unknown symbol must have no bars over it.
   */
  readonly dailyBars?: {
    readonly symbol: string;
    readonly from: string;
    readonly to: string;
    readonly dates: readonly string[];
  };
  /** An intraday range and how many bars the fake API has in it. */
  readonly intradayBars?: {
    readonly symbol: string;
    readonly interval: string;
    readonly from: string;
    readonly to: string;
    readonly count: number;
  };
}

const expectedFailure: Record<
  Exclude<Scenario, 'ok'>,
  { kind: FailureKind; retryable: boolean }
> = {
  'bad-key': { kind: 'auth', retryable: false },
  'rate-limited': { kind: 'rate_limited', retryable: true },
  'daily-quota': { kind: 'rate_limited', retryable: true },
  'plan-required': { kind: 'plan_required', retryable: false },
  'server-error': { kind: 'unavailable', retryable: true },
  html: { kind: 'malformed', retryable: false },
  truncated: { kind: 'malformed', retryable: true },
  empty: { kind: 'malformed', retryable: true },
  slow: { kind: 'unavailable', retryable: true },
  reset: { kind: 'unavailable', retryable: true },
  'wrong-shape': { kind: 'malformed', retryable: false },
};

/** Registers the shared provider contract as a mocha suite for `subject`. */
export function describeProviderContract(subject: ProviderContractSubject): void {
  const name = subject.plugin.name;

  describe(`provider contract: ${subject.label ?? name}`, function () {
    let server: FakeServer;
    const opened: RecordingContext[] = [];

    async function providerFor(
      scenario: Scenario,
      extra: Record<string, unknown> = {},
    ): Promise<{ provider: ProviderInstance; recording: RecordingContext }> {
      const recording = createRecordingContext(name, subject.nowMs);
      opened.push(recording);
      const options = optionsOf(subject.plugin, {
        ...subject.optionsFor(server, scenario),
        ...extra,
      });
      const provider = await subject.plugin.create(recording.context, options);
      await provider.start?.();
      return { provider, recording };
    }

    before(async () => {
      server = await subject.startServer();
    });

    after(async () => {
      await Promise.all(opened.map((r) => r.close()));
      await server.close();
    });

    it('declares its capabilities, limits and an official https base URL', () => {
      const properties = subject.plugin.optionsSchema.properties as Record<
        string,
        { default?: unknown }
      >;
      expect(String(properties.baseUrl?.default)).to.match(/^https:\/\//);
      expect(properties).to.have.property('timeoutMs');
    });

    it('returns a valid quote for a known symbol', async () => {
      const { provider } = await providerFor('ok');
      const [outcome] = await provider.fetchQuotes([subject.knownSymbols[0] as string]);
      expectQuote(outcome, subject.knownSymbols[0] as string, name);
    });

    it('answers a batch in request order, failing only the unknown symbol, within the call budget', async () => {
      const { provider } = await providerFor('ok');
      const symbols = [...subject.knownSymbols, subject.unknownSymbol];
      const before = server.requests.length;
      const outcomes = await provider.fetchQuotes(symbols);

      expect(outcomes.map((o) => o.symbol)).to.deep.equal(symbols);
      subject.knownSymbols.forEach((symbol, i) => {
        expectQuote(outcomes[i], symbol, name);
      });
      const unknown = outcomes.at(-1)?.error;
      expect(unknown?.failure?.kind, unknown?.message).to.be.oneOf(['not_found', 'no_data']);
      expect(unknown?.failure?.retryable).to.equal(false);

      const calls = server.requests.length - before;
      const perCall = provider.capabilities.maxSymbolsPerCall;
      expect(calls, 'HTTP calls for the batch').to.be.at.most(
        Math.ceil(symbols.length / perCall) * (perCall === 1 ? 1 : 1),
      );
    });

    const failing: readonly Scenario[] = [...requiredScenarios, ...subject.optional];
    const scenarios = failing.filter((s): s is Exclude<Scenario, 'ok'> => s !== 'ok');
    for (const scenario of scenarios) {
      it(`classifies "${scenario}" as ${expectedFailure[scenario].kind}, never leaking the key`, async () => {
        const extra = scenario === 'slow' ? { timeoutMs: 300 } : {};
        const { provider, recording } = await providerFor(scenario, extra);
        const outcomes = await provider.fetchQuotes([subject.knownSymbols[0] as string]);
        const error = outcomes[0]?.error;

        expect(error, `expected a failure for ${scenario}`).to.not.equal(undefined);
        expectFailure(error as StockpollerError, scenario);
        expectNoCredential(error as StockpollerError, recording.logLines, credentialFor(scenario));
      });
    }

    if (subject.dailyBars !== undefined) {
      const range = subject.dailyBars;
      it('returns daily bars sorted, one per trading date, stamped 00:00 New York', async () => {
        const { provider } = await providerFor('ok');
        const bars = await provider.fetchBars!({
          symbol: range.symbol,
          interval: '1d',
          from: range.from,
          to: range.to,
        });

        expect(bars.map((b) => b.date)).to.deep.equal([...range.dates]);
        for (const bar of bars) {
          expectBar(bar, range.symbol, name);
          expect(bar.timestamp).to.equal(dailyBarTimestamp(bar.date as string));
        }
      });

      it('fails daily bars of the unknown symbol as not_found or no_data', async () => {
        const { provider } = await providerFor('ok');
        const error = await failureOf(
          provider.fetchBars!({
            symbol: subject.unknownSymbol,
            interval: '1d',
            from: range.from,
            to: range.to,
          }),
        );

        expect(isStockpollerError(error), String(error)).to.equal(true);
        expect(error.failure?.kind, error.message).to.be.oneOf(['not_found', 'no_data']);
        expect(error.failure?.retryable, error.message).to.equal(false);
      });

      it('fails bars with a classified error for a bad key', async () => {
        const { provider, recording } = await providerFor('bad-key');
        const error = await failureOf(
          provider.fetchBars!({
            symbol: range.symbol,
            interval: '1d',
            from: range.from,
            to: range.to,
          }),
        );
        expectFailure(error, 'bad-key');
        expectNoCredential(error, recording.logLines, credentialFor('bad-key'));
      });
    }

    if (subject.intradayBars !== undefined) {
      const range = subject.intradayBars;
      it(`returns ${range.interval} bars sorted and valid`, async () => {
        const { provider } = await providerFor('ok');
        const bars = await provider.fetchBars!({
          symbol: range.symbol,
          interval: range.interval,
          from: range.from,
          to: range.to,
        });

        expect(bars).to.have.length(range.count);
        const times = bars.map((b) => b.timestamp);
        expect(times).to.deep.equal([...times].sort());
        for (const bar of bars) {
          expectBar(bar, range.symbol, name);
          expect(bar.interval).to.equal(range.interval);
          expect(bar.date).to.equal(null);
        }
      });
    }
  });
}

function expectQuote(outcome: QuoteOutcome | undefined, symbol: string, provider: string): void {
  expect(outcome?.error, outcome?.error?.message).to.equal(undefined);
  const quote = outcome?.quote;
  expect(quote?.symbol).to.equal(symbol);
  expect(quote?.provider).to.equal(provider);
  expect(validateRecord('stockpoller.quote', quote)).to.deep.equal({ valid: true });
}

function expectBar(bar: Bar, symbol: string, provider: string): void {
  expect(bar.symbol).to.equal(symbol);
  expect(bar.provider).to.equal(provider);
  expect(validateRecord('stockpoller.bar', bar)).to.deep.equal({ valid: true });
}

function expectFailure(error: StockpollerError, scenario: Exclude<Scenario, 'ok'>): void {
  const expected = expectedFailure[scenario];
  expect(isStockpollerError(error), String(error)).to.equal(true);
  expect(error.failure?.kind, error.message).to.equal(expected.kind);
  expect(error.failure?.retryable, error.message).to.equal(expected.retryable);
  expect(error.code).to.match(/^SP_ERR_PROVIDER_/);
  if (scenario === 'rate-limited') expect(error.failure?.retryAfterMs).to.be.greaterThan(0);
  if (scenario === 'daily-quota') {
    expect(error.failure?.quota).to.equal('day');
    expect(error.failure?.retryAfterMs).to.be.at.least(60_000);
  }
}

function expectNoCredential(
  error: StockpollerError,
  logLines: readonly string[],
  credential: string,
): void {
  const texts = [error.message, error.hint ?? '', ...logLines];
  let cause: unknown = error.cause;
  while (cause instanceof Error) {
    texts.push(cause.message);
    cause = cause.cause;
  }
  for (const text of texts) expect(text).to.not.contain(credential);
}
