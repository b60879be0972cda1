import { expect } from 'chai';
import { createLocalTimeReader } from '../../../core/providers/local-time.js';
import { zonedToEpoch } from '../../../core/providers/values.js';

describe('createLocalTimeReader()', () => {
  it('reads New York wall-clock times on both sides of the March switch', () => {
    const read = createLocalTimeReader('America/New_York');

    expect(read('2026-03-06 09:30:00', 't')).to.equal(Date.parse('2026-03-06T14:30:00.000Z'));
    expect(read('2026-03-09 09:35:00', 't')).to.equal(Date.parse('2026-03-09T13:35:00.000Z'));
    expect(read('2026-03-09T15:55', 't')).to.equal(Date.parse('2026-03-09T19:55:00.000Z'));
  });

  it('agrees with zonedToEpoch for every minute of an hour it has cached', () => {
    const read = createLocalTimeReader('Europe/London');
    for (let minute = 0; minute < 60; minute += 7) {
      const text = `2026-03-29 14:${String(minute).padStart(2, '0')}:30`;
      expect(read(text, 't'), text).to.equal(zonedToEpoch(text, 'Europe/London', 't'));
    }
  });

  it('keeps readers of different zones apart', () => {
    const newYork = createLocalTimeReader('America/New_York');
    const tokyo = createLocalTimeReader('Asia/Tokyo');

    expect(newYork('2026-03-10 09:30:00', 't') - tokyo('2026-03-10 09:30:00', 't')).to.equal(
      13 * 3_600_000,
    );
  });

  it('fails a time it cannot read as malformed, naming it', () => {
    const read = createLocalTimeReader('America/New_York');

    expect(() => read('10/03/2026 09:30', 'bar at 10/03/2026'))
      .to.throw(/bar at 10\/03\/2026/)
      .with.nested.property('failure.kind', 'malformed');
  });
});
