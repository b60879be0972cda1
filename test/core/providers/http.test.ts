import { expect } from 'chai';
import { brotliCompressSync, deflateSync } from 'node:zlib';
import { HttpPools } from '../../../core/kernel/http-pools.js';
import { ProviderHttp } from '../../../core/providers/http.js';
import { startFakeServer, type FakeServer } from '../../helpers/fake-server.js';

describe('ProviderHttp', () => {
  let server: FakeServer;
  const pools = new HttpPools();

  before(async () => {
    server = await startFakeServer((request) => {
      switch (request.path) {
        case '/api/v1/echo':
          return {
            body: {
              query: Object.fromEntries(request.query),
              auth: request.headers['x-key'] ?? null,
            },
          };
        case '/api/v1/gzip':
          return { body: { ok: true }, gzip: true };
        case '/api/v1/slow':
          return { body: {}, delayMs: 1000 };
        case '/api/v1/reset':
          return { destroy: true };
        case '/api/v1/limited':
          return { status: 429, headers: { 'retry-after': '3' }, body: { error: 'slow down' } };
        default:
          return { status: 404, body: { error: 'no such path' } };
      }
    });
  });

  after(async () => {
    await pools.closeAll();
    await server.close();
  });

  function client(
    extra: { timeoutMs?: number; query?: Record<string, string> } = {},
  ): ProviderHttp {
    return new ProviderHttp(
      { http: (origin, options) => pools.create(origin, options) },
      {
        baseUrl: `${server.url}/api/v1/`,
        timeoutMs: extra.timeoutMs ?? 2000,
        headers: { 'x-key': 'header-secret-123' },
        query: extra.query,
        secrets: ['header-secret-123', 'query-secret-456'],
      },
    );
  }

  it('sends the path below the base URL, the query and the credentials', async () => {
    const response = await client({ query: { apikey: 'query-secret-456' } }).get('/echo', {
      symbol: 'AAPL',
      skip: undefined,
      limit: 5,
    });

    expect(response.status).to.equal(200);
    expect(JSON.parse(response.text)).to.deep.equal({
      query: { symbol: 'AAPL', limit: '5', apikey: 'query-secret-456' },
      auth: 'header-secret-123',
    });
    expect(response.url)
      .to.contain('/api/v1/echo?symbol=AAPL&limit=5&apikey=***')
      .and.not.contain('query-secret-456');
  });

  it('decompresses gzip bodies', async () => {
    const response = await client().get('/gzip');
    expect(JSON.parse(response.text)).to.deep.equal({ ok: true });
    expect(response.truncated).to.equal(false);
  });

  it('fails a request that outlives its timeout as unavailable', async () => {
    try {
      await client({ timeoutMs: 100 }).get('/slow');
      expect.fail('expected a timeout');
    } catch (error) {
      expect(error).to.have.nested.property('failure.kind', 'unavailable');
      expect((error as Error).message).to.contain('no answer within 100 ms');
    }
  });

  it('fails a reset connection as unavailable and retryable', async () => {
    try {
      await client().get('/reset');
      expect.fail('expected a failure');
    } catch (error) {
      expect(error).to.have.nested.property('failure.retryable', true);
    }
  });

  it('follows a next-page URL on the same origin, adding the credential query again', async () => {
    const response = await client({ query: { apikey: 'query-secret-456' } }).getUrl(
      `${server.url}/api/v1/echo?cursor=abc`,
    );
    expect(JSON.parse(response.text)).to.have.nested.property('query.apikey', 'query-secret-456');
    expect(JSON.parse(response.text)).to.have.nested.property('query.cursor', 'abc');
  });

  it('refuses a next-page URL on another host, scrubbing it', async () => {
    try {
      await client().getUrl('https://elsewhere.example/page?apiKey=query-secret-456');
      expect.fail('expected a refusal');
    } catch (error) {
      expect(error).to.have.nested.property('failure.kind', 'malformed');
      expect((error as Error).message).to.not.contain('query-secret-456');
    }
  });

  it('scrubs a longer secret before a shorter one it contains', () => {
    const http = new ProviderHttp(
      { http: (origin, options) => pools.create(origin, options) },
      { baseUrl: server.url, timeoutMs: 1000, secrets: ['abcd', 'abcd-secret-tail'] },
    );
    expect(http.scrub('x abcd-secret-tail y abcd')).to.equal('x *** y ***');
  });

  it("takes the request's cost of the gate before sending it, and reports a 429", async () => {
    const acquired: number[] = [];
    const penalties: unknown[] = [];
    const http = new ProviderHttp(
      {
        http: (origin, options) => pools.create(origin, options),
        rateLimit: {
          acquire: (cost = 1) => {
            acquired.push(cost);
            return Promise.resolve();
          },
          penalize: (failure) => {
            penalties.push(failure);
            return Promise.resolve(true);
          },
        },
      },
      { baseUrl: `${server.url}/api/v1`, timeoutMs: 2000 },
    );
    await http.get('/echo');
    await http.get('/echo', {}, undefined, 5);
    await http.get('/limited');

    expect(acquired).to.deep.equal([1, 5, 1]);
    expect(penalties).to.deep.equal([
      { kind: 'rate_limited', retryable: true, retryAfterMs: 3000 },
    ]);
  });

  it('starts the request timeout only once the rate gate lets the request go', async () => {
    const http = new ProviderHttp(
      {
        http: (origin, options) => pools.create(origin, options),
        rateLimit: {
          acquire: () => new Promise((resolve) => setTimeout(resolve, 300)),
          penalize: () => Promise.resolve(false),
        },
      },
      { baseUrl: `${server.url}/api/v1`, timeoutMs: 100 },
    );

    const response = await http.get('/echo');

    expect(response.status).to.equal(200);
  });

  it('scrubs every credential from text', () => {
    expect(client().scrub('a header-secret-123 b ?token=xyz')).to.equal('a *** b ?token=***');
  });
});

describe('ProviderHttp decoding', () => {
  it('decodes brotli and deflate, and flags a broken compressed body as truncated', async () => {
    const payload = Buffer.from('{"v":1}');
    const server = await startFakeServer((request) => ({ body: request.path }));
    const pools = new HttpPools();
    // The fake server only gzips; serve other encodings from a raw handler instead.
    await server.close();
    const { createServer } = await import('node:http');
    const raw = createServer((req, res) => {
      const bodies: Record<string, [string, Buffer]> = {
        '/br': ['br', brotliCompressSync(payload)],
        '/deflate': ['deflate', deflateSync(payload)],
        '/broken': ['gzip', Buffer.from('not gzip at all')],
      };
      const [encoding, body] = bodies[req.url ?? ''] ?? ['identity', payload];
      res.writeHead(200, { 'content-encoding': encoding }).end(body);
    });
    await new Promise<void>((resolve) => raw.listen(0, '127.0.0.1', resolve));
    const { port } = raw.address() as { port: number };
    const http = new ProviderHttp(
      { http: (origin, options) => pools.create(origin, options) },
      { baseUrl: `http://127.0.0.1:${port}`, timeoutMs: 2000 },
    );

    expect((await http.get('/br')).text).to.equal('{"v":1}');
    expect((await http.get('/deflate')).text).to.equal('{"v":1}');
    expect(await http.get('/broken')).to.include({ text: '', truncated: true });
    await pools.closeAll();
    raw.close();
  });
});
