import { expect } from 'chai';
import sinon from 'sinon';
import type { ProviderInstance, QuoteOutcome } from '../../../core/plugins/types.js';
import { RuntimeEvents } from '../../../core/runtime/events.js';
import {
  heldProvider,
  heldTransport,
  recordingTransport,
  scriptedProvider,
} from './runtime-fixtures.js';
import { answer, pipeline, runnerOf, silent } from './pipeline-runner-fixtures.js';
import { recordLogs } from '../../helpers/logs.js';

describe('PipelineRunner', () => {
  afterEach(() => {
    sinon.restore();
  });

  describe('runOnce()', () => {
    it('polls every enabled pipeline once and skips disabled ones', async () => {
      const provider = scriptedProvider(answer);
      const runner = runnerOf(
        {
          a: pipeline({ symbols: ['AAA'] }),
          b: pipeline({ symbols: ['BBB'] }),
          off: pipeline({ enabled: false, symbols: ['OFF'] }),
        },
        provider,
        recordingTransport(),
      );
      const results = await runner.runOnce();

      expect([...results.keys()]).to.deep.equal(['a', 'b']);
      expect(provider.calls.flat().sort()).to.deep.equal(['AAA', 'BBB']);
    });

    it("shares the provider's concurrency out among the pipelines polling it", async () => {
      // Two pipelines of 8 one-symbol calls on a provider of concurrency 4, into a buffer of 1
      // whose transport holds its first publish: 2 calls in progress per pipeline, not 4.
      const provider = scriptedProvider(answer, 1);
      const transport = heldTransport();
      const symbolsOf = (prefix: string) => Array.from({ length: 8 }, (_, i) => `${prefix}${i}`);
      const runner = runnerOf(
        { a: pipeline({ symbols: symbolsOf('A') }), b: pipeline({ symbols: symbolsOf('B') }) },
        provider,
        transport,
        { concurrency: 4 },
        undefined,
        silent,
        { capacity: 1, maxBatchMessages: 1 },
      );

      const polled = runner.runOnce();
      await new Promise((resolve) => setTimeout(resolve, 20));
      const askedWhileHeld = provider.calls.length;
      transport.release();
      await polled;

      // One record published, one buffered, and each pipeline's two workers waiting for room.
      expect(askedWhileHeld).to.equal(6);
      expect(provider.calls).to.have.length(16);
    });

    it('raises no listener warning when many calls wait for the concurrency bound', async () => {
      const warnings: Error[] = [];
      const onWarning = (warning: Error): void => {
        warnings.push(warning);
      };
      process.on('warning', onWarning);
      // 30 one-symbol calls, one at a time: 29 wait on the runner's signal together.
      const symbols = Array.from({ length: 30 }, (_, i) => `S${String(i)}`);
      const provider = scriptedProvider(answer, 1);
      const runner = runnerOf({ a: pipeline({ symbols }) }, provider, recordingTransport(), {
        concurrency: 1,
      });
      try {
        await runner.runOnce();
        // Warnings are emitted on the next tick.
        await new Promise((resolve) => setImmediate(resolve));
      } finally {
        process.off('warning', onWarning);
      }

      expect(provider.calls).to.have.length(30);
      expect(warnings.map((w) => w.name)).to.not.include('MaxListenersExceededWarning');
    });
  });

  describe('start()', () => {
    it('polls at once and then on each interval', async () => {
      const clock = sinon.useFakeTimers();
      const provider = scriptedProvider(answer);
      const runner = runnerOf({ a: pipeline({ every: '10s' }) }, provider, recordingTransport());
      runner.start();
      await clock.tickAsync(0);
      expect(provider.calls).to.have.length(1);

      await clock.tickAsync(10_000);
      await clock.tickAsync(10_000);
      expect(provider.calls).to.have.length(3);
      await runner.stop(0);
    });

    it('logs a poll that throws (a plugin answering the wrong shape) and polls again', async () => {
      const clock = sinon.useFakeTimers();
      // An outcome with neither a quote nor an error: the poll itself throws on it.
      const provider = scriptedProvider(
        (symbols) => symbols.map((symbol) => ({ symbol })) as unknown as QuoteOutcome[],
      );
      const logs = recordLogs();
      const events = new RuntimeEvents({ now: () => Date.now() }, silent);
      const runner = runnerOf(
        { a: pipeline({ every: '10s' }) },
        provider,
        recordingTransport(),
        {},
        events,
        logs.log,
      );
      runner.start();
      await clock.tickAsync(10_000);

      expect(provider.calls).to.have.length(2);
      const failed = logs.lines().filter((line) => line.msg === 'poll failed unexpectedly');
      expect(failed).to.have.length(2);
      expect(failed[0]).to.include({ pipeline: 'a', level: 50 });
      await runner.stop(0);
    });

    it('skips and counts ticks while the previous poll still runs', async () => {
      const clock = sinon.useFakeTimers();
      const provider = heldProvider();
      const runner = runnerOf({ a: pipeline({ every: '1s' }) }, provider, recordingTransport());
      runner.start();
      await clock.tickAsync(3_000);

      expect(provider.calls).to.have.length(1);
      expect(runner.skippedTicks().get('a')).to.equal(3);
      provider.release();
      await clock.tickAsync(1_000);
      expect(provider.calls).to.have.length(2);
      provider.release();
      await runner.stop(0);
    });

    it('warns once per slow poll, however many ticks it holds up, and says when it ends', async () => {
      const clock = sinon.useFakeTimers();
      const provider = heldProvider();
      const logs = recordLogs();
      const events = new RuntimeEvents({ now: () => Date.now() }, silent);
      const runner = runnerOf(
        { a: pipeline({ every: '1s' }) },
        provider,
        recordingTransport(),
        {},
        events,
        logs.log,
      );
      runner.start();
      await clock.tickAsync(3_500);
      provider.release();
      await clock.tickAsync(0);

      const skipped = logs
        .lines()
        .filter((line) => line.msg === 'tick skipped, poll still running');
      expect(skipped.map((line) => line.level)).to.deep.equal([40, 20, 20]);
      const ended = logs.lines().find((line) => line.msg === 'slow poll ended');
      expect(ended).to.include({ pipeline: 'a', skipped: 3, durationMs: 3_500 });
      await clock.tickAsync(500);
      provider.release();
      await runner.stop(0);
    });
  });

  describe('stop()', () => {
    it('waits for the poll in flight before resolving', async () => {
      const provider = heldProvider();
      const transport = recordingTransport();
      const runner = runnerOf({ a: pipeline() }, provider, transport);
      runner.start();
      await new Promise((resolve) => setImmediate(resolve));

      const stopped = runner.stop(5_000);
      provider.release();
      const report = await stopped;
      expect(transport.received).to.have.length(1);
      expect(report).to.deep.equal({ complete: true, polling: [], buffered: { bus: 0 } });
    });

    it('gives up waiting after the grace period and says which pipeline still polled', async () => {
      const provider = scriptedProvider(() => new Promise(() => undefined));
      const runner = runnerOf({ a: pipeline() }, provider, recordingTransport());
      runner.start();
      const report = await runner.stop(20);

      expect(provider.calls).to.have.length(1);
      expect(report).to.deep.equal({ complete: false, polling: ['a'], buffered: { bus: 0 } });
    });

    it('aborts the signal the provider was given when the grace period ends', async () => {
      const signals: (AbortSignal | undefined)[] = [];
      const provider: ProviderInstance = {
        ...scriptedProvider(answer),
        fetchQuotes(_symbols, signal) {
          signals.push(signal);
          return new Promise(() => undefined);
        },
      };
      const runner = runnerOf({ a: pipeline() }, provider, recordingTransport());
      runner.start();
      await new Promise((resolve) => setImmediate(resolve));
      expect(signals).to.have.length(1);
      expect(signals[0]?.aborted).to.equal(false);

      await runner.stop(20);
      expect(signals[0]?.aborted).to.equal(true);
    });

    it('never publishes what a poll deaf to the abort answers after stop, counting it', async () => {
      const provider = heldProvider();
      const transport = recordingTransport();
      const runner = runnerOf({ a: pipeline({ symbols: ['AAA', 'BBB'] }) }, provider, transport);
      runner.start();
      await new Promise((resolve) => setImmediate(resolve));
      await runner.stop(20);

      provider.release();
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(transport.received).to.deep.equal([]);
      expect(runner.deliveryStats().get('bus')).to.include({ delivered: 0, abandoned: 2 });
    });
  });
});
