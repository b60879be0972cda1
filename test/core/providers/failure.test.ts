import { expect } from 'chai';
import { providerFailure, untilNextUtcMidnight } from '../../../core/providers/failure.js';

describe('providerFailure()', () => {
  it('derives the code and retryability from the kind', () => {
    const error = providerFailure('rate_limited', 'slow down', {
      retryAfterMs: 500,
      quota: 'minute',
      status: 429,
    });
    expect(error.code).to.equal('SP_ERR_PROVIDER_RATE_LIMITED');
    expect(error.failure).to.deep.equal({
      kind: 'rate_limited',
      retryable: true,
      retryAfterMs: 500,
      quota: 'minute',
      status: 429,
    });
    expect(error.hint).to.be.a('string');
  });

  it('lets the adapter override retryability and hint', () => {
    const error = providerFailure('malformed', 'cut', { retryable: true, hint: 'try again' });
    expect(error.failure?.retryable).to.equal(true);
    expect(error.hint).to.equal('try again');
  });
});

describe('untilNextUtcMidnight()', () => {
  it('counts the milliseconds to the next UTC midnight', () => {
    expect(untilNextUtcMidnight(Date.parse('2026-03-10T23:00:00.000Z'))).to.equal(3_600_000);
  });
});
