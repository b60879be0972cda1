/**
 * A child process serving Financial Modeling Prep's `/stable/batch-quote` on 127.0.0.1 for the
 * end-to-end and footprint benchmarks. Items are the documented shape, built by the same
 * fixture as the `fmp` tests' fake API; each distinct batch is built once and then served from
 * memory, so that the server, running on its own core, is never what limits the client.
 *
 * `--latency-ms N` holds each answer back N ms, as a provider's API across a network would.
 * Prints `listening <url>` on stdout once ready; exits when its stdin closes.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { quoteItem } from '../test/plugins/provider-fmp/fixtures.js';

const bodies = new Map<string, Buffer>();
const latencyFlag = process.argv.indexOf('--latency-ms');
const latencyMs = latencyFlag > 0 ? Number(process.argv[latencyFlag + 1]) : 0;

function batchBody(symbols: string): Buffer {
  let body = bodies.get(symbols);
  if (body === undefined) {
    body = Buffer.from(JSON.stringify(symbols.split(',').map(quoteItem)));
    bodies.set(symbols, body);
  }
  return body;
}

const server = createServer((request, response) => {
  const url = new URL(request.url ?? '/', 'http://127.0.0.1');
  const symbols = url.searchParams.get('symbols') ?? '';
  if (url.pathname !== '/stable/batch-quote' || symbols === '') {
    const text = JSON.stringify({ 'Error Message': `Endpoint ${url.pathname} does not exist.` });
    response.writeHead(404, { 'content-type': 'application/json' }).end(text);
    return;
  }
  const body = batchBody(symbols);
  const answer = (): void => {
    response
      .writeHead(200, { 'content-type': 'application/json', 'content-length': body.length })
      .end(body);
  };
  if (latencyMs > 0) setTimeout(answer, latencyMs);
  else answer();
});

server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  process.stdout.write(`listening http://127.0.0.1:${port}\n`);
});
process.stdin.resume();
process.stdin.on('end', () => {
  server.closeAllConnections();
  server.close();
});
