import { expect } from 'chai';
import sinon from 'sinon';
import { StockpollerError } from '../../../core/errors/index.js';
import { pollPipeline } from '../../../core/runtime/poll-pipeline.js';
import { TransportQueue } from '../../../core/runtime/transport-queue.js';
import {
  drain,
  quoteOf,
  recordingTransport,
  scriptedProvider,
  targetOf,
} from './runtime-fixtures.js';

describe('pollPipeline() hand-over', () => {
  afterEach(() => {
    sinon.restore();
  });

  it("hands each provider call's records to the buffers while later calls still run", async () => {
    const offer = sinon.spy(TransportQueue.prototype, 'offer');
    let release: () => void = () => undefined;
    const lastCall = new Promise<void>((resolve) => (release = resolve));
    const provider = scriptedProvider(async (symbols) => {
      if (symbols[0] === 'CCC') await lastCall;
      return symbols.map((s) => ({ symbol: s, quote: quoteOf(s) }));
    }, 1);
    const target = targetOf(provider, { bus: recordingTransport() });
    const polling = pollPipeline(target);
    await new Promise((resolve) => setImmediate(resolve));

    expect(offer.callCount).to.equal(2);
    release();
    const stats = await polling;
    expect(offer.args.map(([envelopes]) => (envelopes as unknown[]).length)).to.deep.equal([
      1, 1, 1,
    ]);
    expect(stats.records).to.equal(3);
    expect(await drain(target)).to.deep.equal({ bus: { delivered: 3, failed: 0 } });
  });

  it('offers nothing for a call whose symbols all failed', async () => {
    const provider = scriptedProvider(
      (symbols) =>
        symbols.map((s) =>
          s === 'BBB'
            ? { symbol: s, error: new StockpollerError('SP_ERR_PROVIDER_NOT_FOUND', 'gone') }
            : { symbol: s, quote: quoteOf(s) },
        ),
      1,
    );
    const offer = sinon.spy(TransportQueue.prototype, 'offer');
    const target = targetOf(provider, { bus: recordingTransport() });
    const stats = await pollPipeline(target);

    expect(offer.callCount).to.equal(2);
    expect(stats).to.deep.include({ records: 2, failedSymbols: 1 });
  });
});
