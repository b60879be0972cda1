import { expect } from 'chai';
import { PauseReporter, pauseLogEveryMs } from '../../../core/kernel/pause-reporter.js';
import { recordLogs } from '../../helpers/logs.js';
import { eventRecorder } from '../runtime/resilience-fixtures.js';

const t0 = Date.parse('2026-03-10T15:00:00.000Z');
const daily = { kind: 'rate_limited' as const, retryable: false, quota: 'day' as const };
const tooMany = { kind: 'rate_limited' as const, retryable: true, status: 429 };

function reporterOf() {
  const logs = recordLogs();
  const events = eventRecorder();
  const reporter = new PauseReporter('market', logs.log, events);
  const warnings = (msg: string) => logs.lines().filter((line) => line.msg === msg);
  return { reporter, events, warnings };
}

describe('PauseReporter', () => {
  describe('report()', () => {
    it('announces a parked daily quota once, however many callers meet it', () => {
      const { reporter, events, warnings } = reporterOf();
      const midnight = Date.parse('2026-03-11T00:00:00.000Z');

      reporter.report({ untilMs: midnight, parked: true }, daily, t0);
      reporter.report({ untilMs: midnight + 5, parked: true }, daily, t0 + 5);

      const expected = { provider: 'market', quota: 'day', resumesAt: '2026-03-11T00:00:00.000Z' };
      expect(events.heard).to.deep.equal([{ type: 'provider.quota_parked', fields: expected }]);
      const parked = warnings('daily quota spent, provider parked until it resets');
      expect(parked).to.have.length(1);
      expect(parked[0]).to.include(expected);
    });

    it("announces the next day's park again", () => {
      const { reporter, events } = reporterOf();
      const midnight = Date.parse('2026-03-11T00:00:00.000Z');

      reporter.report({ untilMs: midnight, parked: true }, daily, t0);
      reporter.report({ untilMs: midnight + 86_400_000, parked: true }, daily, midnight + 1000);

      expect(events.heard).to.have.length(2);
    });

    it('tells of a long wait no reported pause explains, once', () => {
      const { reporter, warnings } = reporterOf();
      const midnight = Date.parse('2026-03-11T00:00:00.000Z');

      // Parked by another replica: this process met no quota, its calls just wait.
      reporter.reportWait(midnight, t0);
      reporter.reportWait(midnight + 100, t0 + 1000);
      // Its own park is reported as a park, and the wait it causes not again.
      reporter.report({ untilMs: midnight + 86_400_000, parked: true }, daily, t0 + 2000);
      reporter.reportWait(midnight + 86_400_100, t0 + 3000);

      const held = warnings('calls held by the rate limit');
      expect(held).to.have.length(1);
      expect(held[0]).to.include({ provider: 'market', resumesAt: '2026-03-11T00:00:00.000Z' });
      expect(warnings('daily quota spent, provider parked until it resets')).to.have.length(1);
    });

    it('logs short pauses at most once a minute, counting those in between', () => {
      const { reporter, events, warnings } = reporterOf();
      const paused = (at: number) => {
        reporter.report({ untilMs: at + 2000, parked: false }, tooMany, at);
      };

      paused(t0);
      // Another caller met the same limit: the same pause, not a new one.
      reporter.report({ untilMs: t0 + 1500, parked: false }, tooMany, t0 + 10);
      paused(t0 + 5000);
      paused(t0 + 10_000);
      paused(t0 + pauseLogEveryMs + 1);

      const lines = warnings('rate limited by the provider, calls paused');
      expect(lines.map((line) => line.pauses)).to.deep.equal([1, 3]);
      expect(lines[0]).to.include({ provider: 'market', status: 429, pausedForMs: 2000 });
      expect(events.heard).to.deep.equal([]);
    });
  });
});
