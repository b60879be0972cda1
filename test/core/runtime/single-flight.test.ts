import { expect } from 'chai';
import { SingleFlight } from '../../../core/runtime/single-flight.js';

describe('SingleFlight', () => {
  describe('take()', () => {
    it('gives the first caller the lead and later callers the same promise', async () => {
      const flights = new SingleFlight<number>();
      const first = flights.take('k');
      const second = flights.take('k');

      expect(first.lead).to.not.equal(undefined);
      expect(second.lead).to.equal(undefined);
      expect(second.promise).to.equal(first.promise);
      first.lead?.resolve(7);
      expect(await second.promise).to.equal(7);
    });

    it('frees the key once the lead settles, and ignores a second settle', async () => {
      const flights = new SingleFlight<number>();
      const first = flights.take('k');
      first.lead?.resolve(1);
      first.lead?.reject(new Error('too late'));
      first.lead?.resolve(2);

      expect(await first.promise).to.equal(1);
      expect(flights.size).to.equal(0);
      const next = flights.take('k');
      expect(next.lead).to.not.equal(undefined);
      expect(next.promise).to.not.equal(first.promise);
    });

    it('hands a failure to every caller that awaits it', async () => {
      const flights = new SingleFlight<number>();
      const first = flights.take('k');
      const joined = flights.take('k');
      first.lead?.reject(new Error('boom'));

      const error = await joined.promise.then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).to.have.property('message', 'boom');
      expect(flights.size).to.equal(0);
    });
  });

  describe('run()', () => {
    it('runs the work once for callers that come while it runs', async () => {
      const flights = new SingleFlight<string>();
      let runs = 0;
      const work = async (): Promise<string> => {
        runs += 1;
        await new Promise((resolve) => setImmediate(resolve));
        return 'done';
      };

      const results = await Promise.all([flights.run('k', work), flights.run('k', work)]);
      expect(results).to.deep.equal(['done', 'done']);
      expect(runs).to.equal(1);
      expect(await flights.run('k', work)).to.equal('done');
      expect(runs).to.equal(2);
    });

    it('rejects when the work throws before returning a promise', async () => {
      const flights = new SingleFlight<string>();
      const error = await flights
        .run('k', () => {
          throw new Error('sync failure');
        })
        .then(
          () => undefined,
          (e: unknown) => e,
        );
      expect(error).to.have.property('message', 'sync failure');
      expect(flights.size).to.equal(0);
    });
  });
});
