import { expect } from 'chai';
import type { ProviderResponse } from '../../../core/providers/index.js';
import {
  classifyBody,
  classifyErrorText,
  errorTextOf,
} from '../../../plugins/provider-fmp/classify.js';
import type { FmpPlan } from '../../../plugins/provider-fmp/options-schema.js';

const nowMs = Date.parse('2026-03-10T15:00:00.000Z');

function responseOf(
  status: number,
  text = '',
  headers: Record<string, string> = {},
): ProviderResponse {
  const url = 'https://financialmodelingprep.com/stable/quote?symbol=AAPL&apikey=***';
  return { status, headers, text, url, truncated: false, scrub: (value) => value };
}

function classify(text: string, status = 200, plan: FmpPlan = 'basic', headers = {}) {
  return classifyErrorText(text, responseOf(status, text, headers), {
    what: 'quote of AAPL',
    nowMs,
    plan,
    scrub: (t) => t,
  });
}

describe('fmp classify', () => {
  describe('errorTextOf()', () => {
    it('finds the "Error Message" of a JSON body and known texts in plain ones', () => {
      expect(errorTextOf(responseOf(401), { 'Error Message': 'Invalid API KEY.' })).to.equal(
        'Invalid API KEY.',
      );
      const plain = "Premium Query Parameter: This value set for 'symbol' is not available";
      expect(errorTextOf(responseOf(402, plain), undefined)).to.equal(plain);
    });

    it('ignores data, HTML pages and unknown texts', () => {
      expect(errorTextOf(responseOf(200), [])).to.equal(undefined);
      expect(errorTextOf(responseOf(200), { symbol: 'AAPL' })).to.equal(undefined);
      const html = responseOf(200, '<html>Limit Reach</html>', { 'content-type': 'text/html' });
      expect(errorTextOf(html, undefined)).to.equal(undefined);
      expect(errorTextOf(responseOf(502, 'Bad Gateway'), undefined)).to.equal(undefined);
    });
  });

  describe('classifyErrorText()', () => {
    it('reads the text before the status', () => {
      const cases: [string, number, string][] = [
        ['Invalid API KEY. Feel free to create a Free API Key', 401, 'auth'],
        ['Invalid API KEY.', 200, 'auth'],
        [
          'Legacy Endpoint : Due to Legacy endpoints being no longer supported',
          403,
          'plan_required',
        ],
        [
          'Exclusive Endpoint : This endpoint is not available under your current subscription',
          403,
          'plan_required',
        ],
        [
          "Premium Query Parameter: This value set for 'symbol' is not available",
          402,
          'plan_required',
        ],
        ['Something odd', 500, 'unavailable'],
        ['Something odd', 403, 'auth'],
        ['Something odd', 402, 'plan_required'],
        ['Something odd', 404, 'not_found'],
        ['Something odd', 400, 'bad_request'],
        ['Something odd', 200, 'bad_request'],
      ];
      for (const [text, status, kind] of cases) {
        expect(classify(text, status).failure?.kind, `${status} ${text}`).to.equal(kind);
      }
    });

    it('reads "Limit Reach" as the daily cap on Basic and the minute limit on paid plans', () => {
      const basic = classify('Limit Reach . Please upgrade your plan', 429);
      const paid = classify('Limit Reach . Please upgrade your plan', 429, 'premium', {
        'retry-after': '12',
      });

      expect(basic.failure).to.deep.include({ kind: 'rate_limited', quota: 'day' });
      expect(basic.failure?.retryAfterMs).to.equal(9 * 3_600_000);
      expect(paid.failure).to.deep.include({
        kind: 'rate_limited',
        quota: 'minute',
        retryAfterMs: 12_000,
      });
    });

    it('waits for the next day after the 30-day bandwidth cap, and a minute after an unknown 429', () => {
      expect(classify('Bandwidth Limit Reach', 429).failure).to.deep.include({ quota: 'day' });
      expect(classify('Too many', 429).failure).to.deep.include({
        kind: 'rate_limited',
        retryAfterMs: 60_000,
      });
    });
  });

  describe('classifyBody()', () => {
    it('returns undefined for a body without an FMP error', () => {
      const classifier = classifyBody({ what: 'x', nowMs, plan: 'basic', scrub: (t) => t });

      expect(classifier(responseOf(200, '[]'), [])).to.equal(undefined);
      expect(classifier(responseOf(401), { 'Error Message': 'Invalid API KEY.' })?.code).to.equal(
        'SP_ERR_PROVIDER_AUTH',
      );
    });
  });
});
