import { expect } from 'chai';
import { ProviderJsonApi, type ProviderBodyClassifier } from '../../../core/providers/json-api.js';
import { providerFailure } from '../../../core/providers/failure.js';
import { createRecordingContext, type RecordingContext } from '../../contracts/provider-context.js';
import { startFakeServer, type FakeServer } from '../../helpers/fake-server.js';
import { failureOf } from '../../helpers/provider-harness.js';

const nowMs = Date.parse('2026-03-10T15:00:00.000Z');
const priceSchema = {
  type: 'object',
  required: ['price'],
  properties: { price: { type: 'number' } },
};

describe('ProviderJsonApi', () => {
  let server: FakeServer;
  const recordings: RecordingContext[] = [];

  before(async () => {
    server = await startFakeServer((request) => {
      if (request.path === '/price') return { body: { price: 12.5 } };
      if (request.path === '/refused') return { body: { detail: 'no access for this key' } };
      if (request.path === '/odd') return { body: { cost: 1 } };
      return { status: 404, body: { detail: 'Not found.' } };
    });
  });

  after(async () => {
    await Promise.all(recordings.map((r) => r.close()));
    await server.close();
  });

  function apiWith(classifyBody?: ProviderBodyClassifier, logMessage?: string) {
    const recording = createRecordingContext('acme', nowMs);
    recordings.push(recording);
    const http = { baseUrl: server.url, timeoutMs: 2000, query: { token: 'key-secret-1234' } };
    const options = {
      ...(classifyBody ? { classifyBody } : {}),
      ...(logMessage ? { logMessage } : {}),
    };
    return { api: new ProviderJsonApi(recording.context, http, options), recording };
  }

  it('returns the body and logs each answer at debug, with the credential scrubbed', async () => {
    const { api, recording } = apiWith(undefined, 'acme response');
    const body = await api.getJson<{ price: number }>(
      '/price',
      { symbol: 'AAPL' },
      'quote',
      priceSchema,
    );

    expect(body).to.deep.equal({ price: 12.5 });
    expect(recording.logLines.join('')).to.contain('acme response').and.to.contain('token=***');
    expect(recording.logLines.join('')).to.not.contain('key-secret-1234');
  });

  it("lets the provider's classifier read a body before its status, told what and when", async () => {
    const seen: [string, number][] = [];
    const { api } = apiWith((_response, json, what, at) => {
      seen.push([what, at]);
      const detail = (json as { detail?: string }).detail ?? '';
      return /no access/.test(detail)
        ? providerFailure('plan_required', `${what}: ${detail}`)
        : undefined;
    });

    const refused = await failureOf(api.getJson('/refused', {}, 'quote of AAPL', priceSchema));
    const missing = await failureOf(api.getJson('/missing', {}, 'quote of ZZZ', priceSchema));

    expect(refused.failure?.kind).to.equal('plan_required');
    expect(missing.failure?.kind).to.equal('not_found');
    expect(seen).to.deep.equal([
      ['quote of AAPL', nowMs],
      ['quote of ZZZ', nowMs],
    ]);
  });

  it("fails a body that does not match the endpoint's schema as malformed", async () => {
    const { api } = apiWith();
    const error = await failureOf(api.getJson('/odd', {}, 'quote of AAPL', priceSchema));

    expect(error.failure?.kind).to.equal('malformed');
    expect(error.message).to.contain('quote of AAPL');
  });
});
