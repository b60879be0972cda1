import { expect } from 'chai';
import { pino } from 'pino';
import sinon from 'sinon';
import type { Bar } from '../../../core/contract/types.js';
import { isStockpollerError, type StockpollerError } from '../../../core/errors/index.js';
import type { QuoteOutcome } from '../../../core/plugins/types.js';
import { providerFailure } from '../../../core/providers/failure.js';
import { CircuitBreaker } from '../../../core/runtime/circuit-breaker.js';
import { pollPipeline } from '../../../core/runtime/poll-pipeline.js';
import { eventRecorder, manualClock } from './resilience-fixtures.js';
import {
  drain,
  quoteOf,
  recordingTransport,
  scriptedProvider,
  targetOf,
} from './runtime-fixtures.js';

/** A logger keeping every line it writes. */
function capturedLog() {
  const lines: Record<string, unknown>[] = [];
  const write = (line: string): void => {
    lines.push(JSON.parse(line) as Record<string, unknown>);
  };
  const log = pino({ level: 'debug' }, { write });
  return { log, lines };
}

/** The error an open circuit hands out. */
function circuitOpenError(): StockpollerError {
  const breaker = new CircuitBreaker({
    provider: 'market',
    failureThreshold: 1,
    openForMs: 30_000,
    clock: manualClock(),
    events: eventRecorder(),
  });
  const pass = breaker.admit();
  if (isStockpollerError(pass)) throw new Error('a fresh breaker lets calls through');
  breaker.settle(pass, 'SP_ERR_PROVIDER_UNAVAILABLE');
  const refused = breaker.admit();
  if (!isStockpollerError(refused)) throw new Error('an open breaker refuses calls');
  return refused;
}

describe('pollPipeline() with a resilient provider', () => {
  afterEach(() => {
    sinon.restore();
  });

  it('asks for every chunk at once and publishes each as soon as it is answered', async () => {
    const answers = new Map<string, (outcomes: QuoteOutcome[]) => void>();
    const provider = scriptedProvider(
      (symbols) => new Promise<QuoteOutcome[]>((resolve) => answers.set(symbols.join(), resolve)),
      2,
    );
    const transport = recordingTransport();
    const target = targetOf(provider, { bus: transport });
    const polling = pollPipeline(target);
    await new Promise((resolve) => setImmediate(resolve));

    expect(provider.calls).to.deep.equal([['AAA', 'BBB'], ['CCC']]);
    answers.get('CCC')?.([{ symbol: 'CCC', quote: quoteOf('CCC') }]);
    answers.get('AAA,BBB')?.(['AAA', 'BBB'].map((s) => ({ symbol: s, quote: quoteOf(s) })));
    await polling;
    await drain(target);
    expect(transport.received.map((e) => e.record.symbol)).to.deep.equal(['CCC', 'AAA', 'BBB']);
  });

  it('logs an open circuit once per poll, for quotes and bars together', async () => {
    const open = circuitOpenError();
    const provider = scriptedProvider(
      (symbols) => symbols.map((symbol) => ({ symbol, error: open })),
      1,
      (): Bar[] => {
        throw open;
      },
    );
    const { log, lines } = capturedLog();
    const target = {
      ...targetOf(provider, { bus: recordingTransport() }, { records: ['quote', 'bar'] }),
      log,
    };
    const stats = await pollPipeline(target);

    expect(stats).to.include({ failedSymbols: 6 });
    const warnings = lines.filter((line) => line['level'] === 40);
    expect(warnings).to.have.length(1);
    expect(warnings[0]).to.include({
      msg: 'provider circuit open, symbols skipped',
      code: 'SP_ERR_PROVIDER_CIRCUIT_OPEN',
      symbols: 6,
      provider: 'fake',
    });
  });

  it('still logs other failures symbol by symbol', async () => {
    const provider = scriptedProvider((symbols) =>
      symbols.map((symbol) => ({ symbol, error: providerFailure('not_found', 'unknown') })),
    );
    const { log, lines } = capturedLog();
    await pollPipeline({ ...targetOf(provider, { bus: recordingTransport() }), log });

    expect(lines.filter((line) => line['msg'] === 'symbol failed')).to.have.length(3);
  });
});
