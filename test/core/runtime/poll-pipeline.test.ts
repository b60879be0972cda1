import { expect } from 'chai';
import type { Bar } from '../../../core/contract/types.js';
import type { BarRequest } from '../../../core/plugins/types.js';
import { StockpollerError } from '../../../core/errors/index.js';
import { pino } from 'pino';
import { pollPipeline } from '../../../core/runtime/poll-pipeline.js';
import { TransportQueue } from '../../../core/runtime/transport-queue.js';
import { UnchangedFilter } from '../../../core/runtime/unchanged-filter.js';
import {
  drain,
  now,
  quoteOf,
  heldTransport,
  recordingTransport,
  scriptedProvider,
  targetOf,
} from './runtime-fixtures.js';

const allGood = (symbols: readonly string[]) =>
  symbols.map((s) => ({ symbol: s, quote: quoteOf(s) }));

function dailyBar(symbol: string, date: string, timestamp: string): Bar {
  return {
    symbol,
    provider: 'fake',
    interval: '1d',
    date,
    timestamp,
    open: 10,
    high: 11,
    low: 9,
    close: 10.5,
    volume: 5,
  };
}

describe('pollPipeline()', () => {
  it('asks for quotes in chunks of the provider maximum and publishes one envelope each', async () => {
    const provider = scriptedProvider(allGood, 2);
    const transport = recordingTransport();
    const target = targetOf(provider, { bus: transport });
    const stats = await pollPipeline(target);
    expect(await drain(target)).to.deep.equal({ bus: { delivered: 3, failed: 0 } });

    expect(provider.calls).to.deep.equal([['AAA', 'BBB'], ['CCC']]);
    expect(transport.received.map((e) => e.record.symbol)).to.deep.equal(['AAA', 'BBB', 'CCC']);
    expect(transport.received[0]).to.include({ schema: 'stockpoller.quote', pipeline: 'main' });
    expect(transport.received[0]?.fetchedAt).to.equal(new Date(now).toISOString());
    expect(stats).to.deep.equal({
      records: 3,
      failedSymbols: 0,
      invalidRecords: 0,
      unchangedQuotes: 0,
    });
  });

  it('counts a failed symbol and publishes the others', async () => {
    const provider = scriptedProvider((symbols) =>
      symbols.map((s) =>
        s === 'BBB'
          ? {
              symbol: s,
              error: new StockpollerError('SP_ERR_PROVIDER_NOT_FOUND', 'unknown symbol'),
            }
          : { symbol: s, quote: quoteOf(s) },
      ),
    );
    const stats = await pollPipeline(targetOf(provider, { bus: recordingTransport() }));
    expect(stats).to.include({ records: 2, failedSymbols: 1 });
  });

  it('asks for no more chunks while the buffers hold back those answered', async () => {
    // One-symbol calls, 2 at a time, into a buffer of 1 whose transport holds every publish.
    const provider = scriptedProvider(allGood, 1);
    const transport = heldTransport();
    const policy = {
      capacity: 1,
      maxBatchMessages: 1,
      maxBatchBytes: 1_000_000,
      maxBatchDelayMs: 1,
      whenFull: 'block' as const,
    };
    const queue = new TransportQueue('bus', transport, policy, pino({ level: 'silent' }));
    const symbols = ['A1', 'A2', 'A3', 'A4', 'A5', 'A6', 'A7', 'A8'];
    const target = {
      ...targetOf(provider, {}, { symbols }),
      concurrency: 2,
      transports: new Map([['bus', queue]]),
    };

    const polled = pollPipeline(target);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const askedWhileHeld = provider.calls.length;
    transport.release();
    const stats = await polled;
    await queue.flush();

    // One record is being published, one waits in the buffer, two workers wait for room.
    expect(askedWhileHeld).to.equal(4);
    expect(provider.calls).to.have.length(8);
    expect(stats).to.include({ records: 8, failedSymbols: 0 });
  });

  it('counts every symbol of a call that throws as failed', async () => {
    const provider = scriptedProvider(() => Promise.reject(new Error('socket hang up')), 2);
    const stats = await pollPipeline(targetOf(provider, { bus: recordingTransport() }));
    expect(stats).to.include({ records: 0, failedSymbols: 3 });
  });

  it('never publishes a record that breaks the data contract', async () => {
    const provider = scriptedProvider((symbols) =>
      symbols.map((s) => ({
        symbol: s,
        quote: s === 'AAA' ? { ...quoteOf(s), price: -1 } : quoteOf(s),
      })),
    );
    const transport = recordingTransport();
    const target = targetOf(provider, { bus: transport });
    const stats = await pollPipeline(target);
    await drain(target);

    expect(stats).to.include({ records: 2, invalidRecords: 1 });
    expect(transport.received.map((e) => e.record.symbol)).to.deep.equal(['BBB', 'CCC']);
  });

  it('counts, and does not publish, a quote the unchanged filter refuses', async () => {
    const provider = scriptedProvider(allGood);
    const transport = recordingTransport();
    const unchanged = new UnchangedFilter(['AAA', 'BBB', 'CCC']);
    unchanged.admit(quoteOf('BBB'));
    const target = { ...targetOf(provider, { bus: transport }), unchanged };
    const stats = await pollPipeline(target);
    await drain(target);

    expect(stats).to.include({ records: 2, unchangedQuotes: 1, failedSymbols: 0 });
    expect(transport.received.map((e) => e.record.symbol)).to.deep.equal(['AAA', 'CCC']);
  });

  it('keeps delivering to a healthy transport when another fails or throws', async () => {
    const healthy = recordingTransport();
    const target = targetOf(scriptedProvider(allGood), {
      good: healthy,
      nacking: recordingTransport('fail'),
      broken: recordingTransport('throw'),
    });
    await pollPipeline(target);

    expect(await drain(target)).to.deep.equal({
      good: { delivered: 3, failed: 0 },
      nacking: { delivered: 0, failed: 3 },
      broken: { delivered: 0, failed: 3 },
    });
    expect(healthy.received).to.have.length(3);
  });

  it('gives the same record the same message id on every poll', async () => {
    const transport = recordingTransport();
    const target = targetOf(scriptedProvider(allGood), { bus: transport });
    await pollPipeline(target);
    await pollPipeline(target);
    await drain(target);
    expect(transport.received[0]?.id).to.equal(transport.received[3]?.id);
    expect(transport.received[0]?.id).to.not.equal(transport.received[1]?.id);
  });

  it('publishes the latest complete bar when bars are asked for', async () => {
    const provider = scriptedProvider(allGood, 100, (request) => [
      dailyBar(request.symbol, '2026-03-06', '2026-03-06T05:00:00.000Z'),
      dailyBar(request.symbol, '2026-03-09', '2026-03-09T04:00:00.000Z'),
      dailyBar(request.symbol, '2026-03-10', '2026-03-10T04:00:00.000Z'),
    ]);
    const transport = recordingTransport();
    const target = targetOf(provider, { bus: transport }, { records: ['bar'], symbols: ['AAA'] });
    const stats = await pollPipeline(target);
    await drain(target);

    expect(stats).to.include({ records: 1, failedSymbols: 0 });
    expect(transport.received[0]?.schema).to.equal('stockpoller.bar');
    expect((transport.received[0]?.record as Bar).date).to.equal('2026-03-09');
  });

  it('asks the same bar window on every poll within one bar, so results can be shared', async () => {
    const requests: BarRequest[] = [];
    const provider = scriptedProvider(allGood, 100, (request) => {
      requests.push(request);
      return [];
    });
    let at = Date.parse('2026-03-10T15:04:10.000Z');
    const target = {
      ...targetOf(
        provider,
        { bus: recordingTransport() },
        { records: ['bar'], barInterval: '5m', symbols: ['AAA'] },
      ),
      clock: { now: () => at },
    };
    await pollPipeline(target);
    at += 40_000;
    await pollPipeline(target);
    at += 20_000;
    await pollPipeline(target);

    expect(requests.map((r) => r.to)).to.deep.equal([
      '2026-03-10T15:00:00.000Z',
      '2026-03-10T15:00:00.000Z',
      '2026-03-10T15:05:00.000Z',
    ]);
    expect(requests[0]?.from).to.equal(requests[1]?.from);
  });

  it('counts bars as failed for a provider that has no bar endpoint', async () => {
    const target = targetOf(
      scriptedProvider(allGood),
      { bus: recordingTransport() },
      { records: ['bar'] },
    );
    expect(await pollPipeline(target)).to.include({ records: 0, failedSymbols: 3 });
  });

  it('counts a bar call that throws as a failed symbol', async () => {
    const provider = scriptedProvider(allGood, 100, () => {
      throw new StockpollerError('SP_ERR_PROVIDER_NOT_FOUND', 'no bars');
    });
    const target = targetOf(
      provider,
      { bus: recordingTransport() },
      { records: ['bar', 'quote'], barInterval: '5m' },
    );
    expect(await pollPipeline(target)).to.include({ records: 3, failedSymbols: 3 });
  });
});
