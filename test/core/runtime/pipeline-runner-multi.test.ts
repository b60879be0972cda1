import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pino } from 'pino';
import sinon from 'sinon';
import { prepareConfig } from '../../../core/config/prepare.js';
import type { Envelope, Quote } from '../../../core/contract/types.js';
import { createContainer } from '../../../core/kernel/container.js';
import { Kernel } from '../../../core/kernel/kernel.js';
import { PipelineRunner } from '../../../core/runtime/pipeline-runner.js';
import { createSimulatedProvider } from '../../../plugins/provider-simulated/simulated-provider.js';
import { TempDirs } from '../config/temp-dir.js';
import { fixturePath } from '../../helpers/fixtures.js';
import { createTestContext } from '../../helpers/plugin-context.js';

// A Tuesday, 11:00 New York: the top of an hour, so @hourly in New York polls at the start.
const start = Date.parse('2026-03-10T15:00:00.000Z');
const manifestPath = fixturePath('config', 'several-pipelines', 'stockpoller.yaml');

/** The envelopes a file transport wrote, one JSON line each. */
function linesOf(file: string): Envelope<Quote>[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Envelope<Quote>);
}

/** What a simulated provider with `seed` answers for `symbol` at `atMs`: the expected record. */
async function simulatedQuote(seed: number, symbol: string, atMs: number): Promise<Quote> {
  const context = createTestContext({ now: atMs });
  const options = { seed, volatility: 0.3, currency: 'USD', unknownSymbols: [] };
  const [outcome] = await createSimulatedProvider(context, options).fetchQuotes([symbol]);
  if (outcome?.quote === undefined) throw new Error(`no quote of ${symbol}`);
  return outcome.quote;
}

/** `at` plus each of `offsetsS` seconds, as ISO strings. */
const instants = (offsetsS: number[]): string[] =>
  offsetsS.map((s) => new Date(start + s * 1000).toISOString());

describe('PipelineRunner (several pipelines in one manifest)', () => {
  const dirs = new TempDirs();
  let kernel: Kernel | undefined;

  afterEach(async () => {
    sinon.restore();
    await kernel?.stop();
    kernel = undefined;
  });
  after(() => {
    dirs.removeAll();
  });

  describe('start()', () => {
    it('polls each pipeline on its own schedule, from its own provider, into its own transports', async () => {
      const outDir = dirs.create();
      const prepared = await prepareConfig({
        configPath: manifestPath,
        cwd: outDir,
        vars: { OUT_DIR: outDir },
      });
      const logger = pino({ level: 'silent' });
      const container = createContainer(prepared, { logger, clock: { now: () => Date.now() } });
      kernel = container.resolve(Kernel);
      await kernel.start();
      // Only the timers are fake: the file transports write with real I/O.
      const timers = sinon.useFakeTimers({
        now: start,
        toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'],
      });
      const runner = container.resolve(PipelineRunner);
      runner.start();
      for (let second = 0; second < 60; second++) {
        await timers.tickAsync(1000);
        await runner.flush();
      }
      await runner.stop(0);

      const north = linesOf(path.join(outDir, 'north.jsonl'));
      const south = linesOf(path.join(outDir, 'south.jsonl'));
      const hourly = linesOf(path.join(outDir, 'hourly.jsonl'));
      const pollsOf = (lines: Envelope<Quote>[], pipeline: string): string[] => [
        ...new Set(lines.filter((e) => e.pipeline === pipeline).map((e) => e.fetchedAt)),
      ];

      // every: 15s from the start; cron '*/20 * * * * *'; @hourly in New York.
      expect(new Set(north.map((e) => e.pipeline))).to.deep.equal(new Set(['fast']));
      expect(pollsOf(north, 'fast')).to.deep.equal(instants([0, 15, 30, 45, 60]));
      expect(north.map((e) => e.record.symbol)).to.have.members(
        Array.from({ length: 5 }, () => ['AAPL', 'MSFT']).flat(),
      );
      expect(new Set(south.map((e) => e.pipeline))).to.deep.equal(new Set(['slow', 'hourly']));
      expect(pollsOf(south, 'slow')).to.deep.equal(instants([0, 20, 40, 60]));
      expect(south.filter((e) => e.pipeline === 'slow').map((e) => e.record.symbol)).to.deep.equal([
        'AAPL',
        'AAPL',
        'AAPL',
        'AAPL',
      ]);
      const hourlyInSouth = south.filter((e) => e.pipeline === 'hourly');
      expect(hourly.map((e) => [e.pipeline, e.record.symbol, e.fetchedAt])).to.deep.equal([
        ['hourly', 'MSFT', instants([0])[0]],
      ]);
      expect(hourlyInSouth).to.deep.equal(hourly);

      // Each record is what its own provider instance (seed 1 north, seed 2 south) answers.
      const seedOf = { fast: 1, slow: 2, hourly: 2 } as Record<string, number>;
      for (const envelope of [...north, ...south]) {
        const expected = await simulatedQuote(
          seedOf[envelope.pipeline] ?? -1,
          envelope.record.symbol,
          Date.parse(envelope.fetchedAt),
        );
        expect(envelope.record, `${envelope.pipeline} ${envelope.fetchedAt}`).to.deep.equal(
          expected,
        );
      }
      const [aaplNorth, aaplSouth] = [
        await simulatedQuote(1, 'AAPL', start),
        await simulatedQuote(2, 'AAPL', start),
      ];
      expect(aaplNorth.price, 'the seeds must tell the providers apart').to.not.equal(
        aaplSouth.price,
      );
    });
  });
});
