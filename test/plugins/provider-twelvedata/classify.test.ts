import { expect } from 'chai';
import type { ProviderResponse } from '../../../core/providers/index.js';
import {
  classifyBody,
  classifyErrorBody,
  isErrorBody,
} from '../../../plugins/provider-twelvedata/classify.js';

const nowMs = Date.parse('2026-03-10T15:00:20.000Z');

function responseOf(status: number, headers: Record<string, string> = {}): ProviderResponse {
  return {
    status,
    headers,
    text: '',
    url: 'https://api.twelvedata.com/quote?symbol=AAPL',
    truncated: false,
    scrub: (value) => value,
  };
}

function classify(code: number | undefined, message: string, status = 200, headers = {}) {
  return classifyErrorBody(
    { code, message, status: 'error' },
    {
      what: 'quote of AAPL',
      response: responseOf(status, headers),
      nowMs,
      scrub: (t) => t.replace('SECRET', '***'),
    },
  );
}

describe('twelvedata classify', () => {
  describe('isErrorBody()', () => {
    it('recognizes only objects whose status is "error"', () => {
      expect(isErrorBody({ code: 400, message: 'x', status: 'error' })).to.equal(true);
      expect(isErrorBody({ symbol: 'AAPL', status: 'ok' })).to.equal(false);
      expect(isErrorBody([{ status: 'error' }])).to.equal(false);
      expect(isErrorBody(null)).to.equal(false);
    });
  });

  describe('classifyErrorBody()', () => {
    it('maps the body code, whatever the HTTP status', () => {
      const cases: [number, string, string][] = [
        [401, '**apikey** parameter is incorrect or not specified.', 'auth'],
        [403, 'available exclusively with pro or enterprise plans', 'plan_required'],
        [404, '**symbol** not found: NOPE.', 'not_found'],
        [400, '**symbol** not found: NOPE. Please specify it correctly', 'not_found'],
        [400, 'No data is available on the specified dates.', 'no_data'],
        [400, '**interval** parameter is invalid.', 'bad_request'],
        [414, 'The symbol parameter is too long.', 'bad_request'],
        [500, 'Internal server error.', 'unavailable'],
      ];
      for (const [code, message, kind] of cases) {
        expect(classify(code, message).failure?.kind, `${code} ${message}`).to.equal(kind);
      }
    });

    it('tells the minute credits from the daily cap by the message', () => {
      const minute = classify(429, 'You have run out of API credits for the current minute.');
      const day = classify(429, 'You have run out of API credits for the day.', 429);

      // The clock is 20 s into its minute; the daily cap resets at 00:00 UTC, 9 h away.
      expect(minute.failure).to.deep.include({
        kind: 'rate_limited',
        quota: 'minute',
        retryAfterMs: 40_000,
      });
      expect(day.failure).to.deep.include({ kind: 'rate_limited', quota: 'day', status: 429 });
      expect(day.failure?.retryAfterMs).to.equal(9 * 3_600_000 - 20_000);
      expect(day.failure?.retryable).to.equal(true);
    });

    it('prefers a Retry-After header to the minute boundary', () => {
      const error = classify(429, 'out of credits for the current minute', 429, {
        'retry-after': '7',
      });

      expect(error.failure?.retryAfterMs).to.equal(7000);
    });

    it('falls back to the HTTP status when the body has no code', () => {
      expect(classify(undefined, 'denied', 401).failure?.kind).to.equal('auth');
      expect(classify(undefined, 'odd', 200).failure?.kind).to.equal('bad_request');
    });

    it('scrubs the message and names what was asked', () => {
      const error = classify(400, 'bad apikey SECRET given');

      expect(error.message).to.contain('quote of AAPL: Twelve Data error 400');
      expect(error.message).to.not.contain('SECRET');
    });
  });

  describe('classifyBody()', () => {
    it('leaves a body that is not an error to the status and schema checks', () => {
      const classifier = classifyBody({ what: 'x', nowMs, scrub: (t) => t });

      expect(classifier(responseOf(200), { symbol: 'AAPL' })).to.equal(undefined);
      expect(classifier(responseOf(200), undefined)).to.equal(undefined);
      expect(
        classifier(responseOf(200), { code: 401, message: 'x', status: 'error' })?.failure?.kind,
      ).to.equal('auth');
    });
  });
});
