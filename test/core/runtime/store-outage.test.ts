import { expect } from 'chai';
import { StoreOutage } from '../../../core/runtime/store-outage.js';
import { recordLogs } from '../../helpers/logs.js';

describe('StoreOutage', () => {
  describe('failed()', () => {
    it('warns when failures start and reminds once a minute, never naming a secret', () => {
      const { log, lines, text } = recordLogs();
      const outage = new StoreOutage({
        budgetKey: 'sp:finnhub:0123456789abcdef',
        log,
        backoff: { firstMs: 100, maxMs: 400 },
        redact: (reason) => reason.replace('hunter2', '***'),
      });
      const error = new Error('WRONGPASS for redis://default:hunter2@cache:6379');
      const waits = [0, 1000, 30_000, 61_000, 90_000, 122_000].map((at) =>
        outage.failed(error, at),
      );

      expect(waits).to.deep.equal([100, 200, 400, 400, 400, 400]);
      const warnings = lines().filter((line) => line.level === 40);
      expect(warnings.map((line) => line.outageMs)).to.deep.equal([0, 61_000, 122_000]);
      expect(text()).to.not.contain('hunter2');
    });
  });

  describe('recovered()', () => {
    it('logs the end of an outage once, and nothing when there was none', () => {
      const { log, lines } = recordLogs();
      const outage = new StoreOutage({ budgetKey: 'b', log });
      outage.recovered(0);
      outage.failed(new Error('down'), 1000);
      outage.recovered(4000);
      outage.recovered(5000);

      const infos = lines().filter((line) => line.level === 30);
      expect(infos).to.have.length(1);
      expect(infos[0]).to.include({ failures: 1, outageMs: 3000 });
      // The next outage starts its backoff afresh.
      expect(outage.failed(new Error('down'), 6000)).to.equal(250);
    });
  });
});
