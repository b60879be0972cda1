import { expect } from 'chai';
import { defaultProviderRuntime } from '../../../core/config/manifest.js';
import { DeferredRateGate, defaultMarginMs } from '../../../core/kernel/rate-gates.js';
import type { ProviderCapabilities } from '../../../core/plugins/types.js';

const capabilities: ProviderCapabilities = {
  quote: true,
  maxSymbolsPerCall: 1,
  dailyBars: false,
  intradayIntervals: [],
  rateLimits: { perSecond: 2, perDay: 500 },
};

describe('DeferredRateGate', () => {
  describe('acquire()', () => {
    it('lets every call through until it is armed', async () => {
      const gate = new DeferredRateGate();
      await Promise.all([1, 2, 3, 4].map(() => gate.acquire()));
      expect(await gate.penalize({ kind: 'rate_limited', retryable: true })).to.equal(false);
      expect(gate.armed).to.equal(undefined);
    });
  });

  describe('arm()', () => {
    it('takes the declared limits, replaced window by window, 0 lifting one', async () => {
      const gate = new DeferredRateGate();
      const limiter = await gate.arm(capabilities, {
        use: 'x',
        options: {},
        ...defaultProviderRuntime,
        rateLimits: { perMinute: 5, perDay: 0 },
      });

      expect(limiter.windows.map((w) => [w.name, w.limit, w.windowMs])).to.deep.equal([
        ['second', 2, 1000 + defaultMarginMs],
        ['minute', 5, 60_000 + defaultMarginMs],
      ]);
      await gate.acquire();
      expect((await limiter.state()).windows[0]).to.include({ name: 'second', used: 1 });
      expect(
        await gate.penalize({ kind: 'rate_limited', retryable: true, retryAfterMs: 1000 }),
      ).to.equal(true);
      expect((await limiter.state()).pausedUntil).to.be.a('number');
    });

    it('widens windows by rateLimits.marginMs, 0 keeping them exact', async () => {
      const limiter = await new DeferredRateGate().arm(capabilities, {
        use: 'x',
        options: {},
        ...defaultProviderRuntime,
        rateLimits: { marginMs: 0, perDay: 0 },
      });

      expect(limiter.windows).to.deep.equal([{ name: 'second', limit: 2, windowMs: 1000 }]);
    });
  });
});
