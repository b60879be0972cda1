import { expect } from 'chai';
import { StockpollerError } from '../../../core/errors/index.js';
import {
  asProviderFailure,
  providerFailure,
  untilNextUtcMidnight,
  untilNextZonedMidnight,
} from '../../../core/providers/failure.js';
import { newYork } from '../../../core/providers/values.js';

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

describe('untilNextZonedMidnight()', () => {
  it('counts to the next 00:00 New York, in winter and in summer time', () => {
    // 23:00 New York in winter (EST, UTC-5) and 23:30 in summer (EDT, UTC-4).
    expect(untilNextZonedMidnight(Date.parse('2026-01-15T04:00:00.000Z'), newYork)).to.equal(
      3_600_000,
    );
    expect(untilNextZonedMidnight(Date.parse('2026-07-15T03:30:00.000Z'), newYork)).to.equal(
      1_800_000,
    );
  });

  it('counts a 23-hour day on the March switch to summer time', () => {
    // 00:00 New York on 2026-03-08 is 05:00 UTC; the next midnight is 04:00 UTC.
    expect(untilNextZonedMidnight(Date.parse('2026-03-08T05:00:00.000Z'), newYork)).to.equal(
      23 * 3_600_000,
    );
  });

  it('counts a full day from exactly midnight, and works in any zone', () => {
    expect(untilNextZonedMidnight(Date.parse('2026-03-10T00:00:00.000Z'), 'UTC')).to.equal(
      86_400_000,
    );
    expect(untilNextZonedMidnight(Date.parse('2026-03-10T14:00:00.000Z'), 'Asia/Tokyo')).to.equal(
      60_000 * 60,
    );
  });
});

describe('asProviderFailure()', () => {
  it('passes a classified provider error through unchanged', () => {
    const error = providerFailure('auth', 'bad key');

    expect(asProviderFailure(error, 'quote of AAPL')).to.equal(error);
  });

  it('makes anything else a malformed failure naming the call, with the cause kept', () => {
    const bug = new TypeError('cannot read properties of undefined');
    const contract = new StockpollerError('SP_ERR_CONTRACT_BAD_TIME', 'not a date');

    const fromBug = asProviderFailure(bug, 'quote of AAPL');
    const fromContract = asProviderFailure(contract, 'bars of MSFT');

    expect(fromBug.code).to.equal('SP_ERR_PROVIDER_MALFORMED');
    expect(fromBug.message).to.equal('quote of AAPL: cannot read properties of undefined');
    expect(fromBug.cause).to.equal(bug);
    expect(fromContract.failure).to.include({ kind: 'malformed', retryable: false });
    expect(fromContract.message).to.equal('bars of MSFT: not a date');
    expect(asProviderFailure('text', 'x').message).to.equal('x: text');
  });
});
