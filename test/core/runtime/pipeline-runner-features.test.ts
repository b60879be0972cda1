import { expect } from 'chai';
import sinon from 'sinon';
import { createHeartbeatEnvelope } from '../../../core/contract/heartbeat.js';
import { validateEnvelope } from '../../../core/contract/validate.js';
import type { KernelEvent } from '../../../core/plugins/types.js';
import { createEnvelope } from '../../../core/contract/envelope.js';
import { RuntimeEvents } from '../../../core/runtime/events.js';
import { now, quoteOf, recordingTransport, scriptedProvider } from './runtime-fixtures.js';
import { answer, clock, pipeline, runnerOf, silent } from './pipeline-runner-fixtures.js';

describe('PipelineRunner features', () => {
  afterEach(() => {
    sinon.restore();
  });

  describe('runOnce() with result caching', () => {
    it('makes one call per symbol per TTL for two pipelines sharing a provider', async () => {
      const clock = sinon.useFakeTimers({ now, toFake: ['Date'] });
      const provider = scriptedProvider(answer);
      const pipelines = {
        a: pipeline({ symbols: ['AAA', 'BBB'] }),
        b: pipeline({ symbols: ['BBB', 'CCC'] }),
      };
      const runner = runnerOf(pipelines, provider, recordingTransport(), { cacheTtlSeconds: 5 });

      const first = await runner.runOnce();
      expect(provider.calls.flat().sort()).to.deep.equal(['AAA', 'BBB', 'CCC']);
      expect(first.get('b')).to.include({ records: 2, failedSymbols: 0 });
      clock.tick(4_000);
      await runner.runOnce();
      expect(provider.calls.flat()).to.have.length(3);

      clock.tick(1_001);
      await runner.runOnce();
      expect(provider.calls.flat().sort()).to.deep.equal([
        'AAA',
        'AAA',
        'BBB',
        'BBB',
        'CCC',
        'CCC',
      ]);
    });

    it('asks the provider on every poll when both TTLs are 0', async () => {
      const provider = scriptedProvider(answer);
      const runner = runnerOf({ a: pipeline() }, provider, recordingTransport(), {
        cacheTtlSeconds: 0,
        failedCacheTtlSeconds: 0,
      });
      await runner.runOnce();
      await runner.runOnce();
      expect(provider.calls).to.deep.equal([['AAA'], ['AAA']]);
    });
  });

  describe('runOnce() with skipUnchanged', () => {
    it('publishes a quote only when it changed since the last poll, counting the others', async () => {
      let price = 10;
      let stamp = 0;
      const provider = scriptedProvider((symbols) =>
        symbols.map((s) => {
          stamp += 1_000;
          const quote = { ...quoteOf(s, price), timestamp: new Date(now + stamp).toISOString() };
          return { symbol: s, quote };
        }),
      );
      const transport = recordingTransport();
      const runner = runnerOf({ a: pipeline({ skipUnchanged: true }) }, provider, transport);

      const first = await runner.runOnce();
      const second = await runner.runOnce();
      price = 11;
      const third = await runner.runOnce();

      expect(first.get('a')).to.include({ records: 1, unchangedQuotes: 0 });
      expect(second.get('a')).to.include({ records: 0, unchangedQuotes: 1, failedSymbols: 0 });
      expect(third.get('a')).to.include({ records: 1, unchangedQuotes: 0 });
      expect(transport.received.map((e) => e.record.timestamp)).to.deep.equal([
        '2026-03-10T15:00:01.000Z',
        '2026-03-10T15:00:03.000Z',
      ]);
      const ids = transport.received.map(
        (e) =>
          createEnvelope({
            schema: e.schema,
            record: e.record,
            pipeline: 'a',
            fetchedAt: now,
          }).id,
      );
      expect(transport.received.map((e) => e.id)).to.deep.equal(ids);
    });

    it('publishes every quote of a pipeline without skipUnchanged', async () => {
      const provider = scriptedProvider(answer);
      const transport = recordingTransport();
      const runner = runnerOf({ a: pipeline() }, provider, transport, { cacheTtlSeconds: 60 });
      await runner.runOnce();
      const second = await runner.runOnce();

      expect(second.get('a')).to.include({ records: 1, unchangedQuotes: 0 });
      expect(transport.received.map((e) => e.id)).to.have.length(2);
      expect(transport.received[1]?.id).to.equal(transport.received[0]?.id);
    });
  });

  describe('start() with marketHours', () => {
    const closedAllDay = '2026-11-26T15:00:00.000Z'; // Thanksgiving: NYSE closed
    const heartbeatHours = {
      exchange: 'XNYS',
      sessions: ['regular'],
      whenClosed: 'heartbeat',
      heartbeatEvery: '1m',
    } as const;

    it('publishes contract-valid heartbeats with deterministic ids and never polls', async () => {
      const timers = sinon.useFakeTimers({ now: Date.parse(closedAllDay) });
      const provider = scriptedProvider(answer);
      const transport = recordingTransport();
      const config = pipeline({ every: '10s', marketHours: heartbeatHours });
      const runner = runnerOf({ a: config }, provider, transport);
      runner.start();
      await timers.tickAsync(150_000);
      await runner.stop(0);
      await timers.tickAsync(300_000);

      expect(provider.calls).to.deep.equal([]);
      expect(transport.received).to.deep.equal([]);
      const expected = [0, 60_000, 120_000].map((offset) =>
        createHeartbeatEnvelope({
          pipeline: 'a',
          exchange: 'XNYS',
          phase: 'closed',
          nextOpenMs: Date.parse('2026-11-27T14:30:00.000Z'),
          nowMs: Date.parse(closedAllDay) + offset,
        }),
      );
      expect(transport.heartbeats).to.deep.equal(expected);
      for (const heartbeat of transport.heartbeats) {
        expect(validateEnvelope(heartbeat)).to.deep.equal({ valid: true });
      }
    });

    it('emits market_closed and market_opened through the kernel events', async () => {
      const timers = sinon.useFakeTimers({ now: Date.parse('2026-11-27T14:29:00.000Z') });
      const events = new RuntimeEvents(clock, silent);
      const heard: KernelEvent[] = [];
      events.subscribe((event) => {
        heard.push(event);
      });
      const provider = scriptedProvider(answer);
      const config = pipeline({
        every: '1m',
        marketHours: { ...heartbeatHours, whenClosed: 'sleep' },
      });
      const runner = runnerOf({ a: config }, provider, recordingTransport(), {}, events);
      runner.start();
      await timers.tickAsync(90_000);
      await runner.stop(0);
      await events.settled();

      expect(heard).to.deep.equal([
        {
          type: 'pipeline.market_closed',
          at: '2026-11-27T14:29:00.000Z',
          fields: { pipeline: 'a', exchange: 'XNYS', nextOpen: '2026-11-27T14:30:00.000Z' },
        },
        {
          type: 'pipeline.market_opened',
          at: '2026-11-27T14:30:00.000Z',
          fields: { pipeline: 'a', exchange: 'XNYS', session: 'regular' },
        },
      ]);
      expect(provider.calls).to.have.length(1);
    });

    it('still polls once with runOnce() while the market is closed', async () => {
      sinon.useFakeTimers({ now: Date.parse(closedAllDay), toFake: ['Date'] });
      const provider = scriptedProvider(answer);
      const transport = recordingTransport();
      const config = pipeline({ marketHours: heartbeatHours });
      const runner = runnerOf({ a: config }, provider, transport);

      await runner.runOnce();

      expect(provider.calls).to.deep.equal([['AAA']]);
      expect(transport.heartbeats).to.deep.equal([]);
    });
  });
});
