import { expect } from 'chai';
import { providerFailure } from '../../../core/providers/failure.js';
import type { ProviderResponse } from '../../../core/providers/http.js';
import {
  classifyStatus,
  looksLikeHtml,
  readJson,
  retryAfterMsOf,
} from '../../../core/providers/read-json.js';

const now = Date.parse('2026-03-10T15:00:00.000Z');
const schema = { type: 'object', required: ['price'], properties: { price: { type: 'number' } } };

function response(
  status: number,
  text: string,
  headers: Record<string, string> = {},
  truncated = false,
): ProviderResponse {
  return {
    status,
    text,
    headers,
    url: 'https://api.example/q?apikey=***',
    truncated,
    scrub: (value) => value.split('sk-live-1').join('***'),
  };
}

function failureOf(run: () => unknown): {
  kind?: string;
  retryable?: boolean;
  retryAfterMs?: number;
  status?: number;
} {
  try {
    run();
  } catch (error) {
    return (error as { failure: { kind: string } }).failure;
  }
  return expect.fail('expected a failure');
}

describe('readJson()', () => {
  it('returns the parsed body when status and shape are right', () => {
    expect(readJson(response(200, '{"price":5}'), { what: 'q', schema, nowMs: now })).to.deep.equal(
      { price: 5 },
    );
  });

  it('lets the body classifier speak before the status', () => {
    const classifyBody = (_: ProviderResponse, json: unknown) =>
      (json as { note?: string } | undefined)?.note !== undefined
        ? providerFailure('rate_limited', 'note', { quota: 'day' })
        : undefined;
    expect(
      failureOf(() =>
        readJson(response(200, '{"note":"slow down"}'), { what: 'q', classifyBody, nowMs: now }),
      ),
    ).to.include({ kind: 'rate_limited' });
  });

  it('classifies statuses', () => {
    const cases: [number, string, boolean][] = [
      [400, 'bad_request', false],
      [401, 'auth', false],
      [402, 'plan_required', false],
      [403, 'auth', false],
      [404, 'not_found', false],
      [408, 'unavailable', true],
      [429, 'rate_limited', true],
      [503, 'unavailable', true],
    ];
    for (const [status, kind, retryable] of cases) {
      expect(
        failureOf(() => readJson(response(status, '{}'), { what: 'q', nowMs: now })),
        String(status),
      ).to.include({ kind, retryable, status });
    }
  });

  it('quotes the body in the message without the credential it echoes', () => {
    try {
      readJson(response(401, '{"error":"key sk-live-1 is not valid"}'), { what: 'q', nowMs: now });
      expect.fail('expected a failure');
    } catch (error) {
      expect((error as Error).message)
        .to.contain('key *** is not valid')
        .and.not.contain('sk-live-1');
    }
  });

  it('reads Retry-After of a 429, defaulting to a minute', () => {
    expect(
      failureOf(() =>
        readJson(response(429, '', { 'retry-after': '7' }), { what: 'q', nowMs: now }),
      ).retryAfterMs,
    ).to.equal(7000);
    expect(
      failureOf(() => readJson(response(429, ''), { what: 'q', nowMs: now })).retryAfterMs,
    ).to.equal(60_000);
  });

  it('tells empty, truncated, cut-short, HTML and plain-text bodies apart', () => {
    expect(failureOf(() => readJson(response(200, ''), { what: 'q', nowMs: now }))).to.include({
      kind: 'malformed',
      retryable: true,
    });
    expect(
      failureOf(() => readJson(response(200, '', {}, true), { what: 'q', nowMs: now })),
    ).to.include({ retryable: true });
    expect(
      failureOf(() => readJson(response(200, '{"price":'), { what: 'q', nowMs: now })),
    ).to.include({ kind: 'malformed', retryable: true });
    expect(
      failureOf(() =>
        readJson(response(200, '<html><body>Gateway</body></html>'), { what: 'q', nowMs: now }),
      ),
    ).to.include({ kind: 'malformed', retryable: false });
    expect(
      failureOf(() => readJson(response(200, 'OK then'), { what: 'q', nowMs: now })),
    ).to.include({ kind: 'malformed', retryable: false });
  });

  it('rejects a body of the wrong shape, naming the problem', () => {
    try {
      readJson(response(200, '{"price":"5"}'), { what: 'quote of A', schema, nowMs: now });
      expect.fail('expected a failure');
    } catch (error) {
      expect((error as Error).message).to.contain(
        'quote of A: unexpected response shape (/price must be number)',
      );
    }
  });
});

describe('classifyStatus()', () => {
  it('returns nothing for a 2xx', () => {
    expect(classifyStatus(response(204, ''), 'q', now)).to.equal(undefined);
  });
});

describe('retryAfterMsOf()', () => {
  it('reads seconds and HTTP dates, and ignores garbage', () => {
    expect(retryAfterMsOf('1.5', now)).to.equal(1500);
    expect(retryAfterMsOf(new Date(now + 30_000).toUTCString(), now)).to.equal(30_000);
    expect(retryAfterMsOf('soon', now)).to.equal(undefined);
    expect(retryAfterMsOf(undefined, now)).to.equal(undefined);
  });
});

describe('looksLikeHtml()', () => {
  it('spots HTML by content type or by its first tag', () => {
    expect(looksLikeHtml(response(200, 'x', { 'content-type': 'text/html' }))).to.equal(true);
    expect(looksLikeHtml(response(200, '<!DOCTYPE html><p>'))).to.equal(true);
    expect(looksLikeHtml(response(200, '{}'))).to.equal(false);
  });
});
