import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';

/** A request the fake server received. */
export interface FakeRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
}

/** How the fake server answers: a JSON value (object/array) or raw text, with options. */
export interface FakeReply {
  readonly status?: number;
  readonly headers?: Readonly<Record<string, string>>;
  /** Objects and arrays are sent as JSON; strings as they are. */
  readonly body?: unknown;
  /** Wait this long before answering (for timeouts). */
  readonly delayMs?: number;
  /** Drop the connection without an answer (a reset). */
  readonly destroy?: boolean;
  /** Send only the first half of the body (JSON cut short by a proxy). */
  readonly truncate?: boolean;
  /** Compress the body with gzip. */
  readonly gzip?: boolean;
}

/** Answers one request. */
export type FakeHandler = (request: FakeRequest) => FakeReply | Promise<FakeReply>;

/** A running fake API on 127.0.0.1. */
export interface FakeServer {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  /** Every request received, in order. */
  readonly requests: FakeRequest[];
  close(): Promise<void>;
}

/** Starts a local HTTP server that answers through `handler` and records every request. */
export async function startFakeServer(handler: FakeHandler): Promise<FakeServer> {
  const requests: FakeRequest[] = [];
  const server: Server = createServer((incoming, response) => {
    const url = new URL(incoming.url ?? '/', 'http://127.0.0.1');
    const request = {
      method: incoming.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      headers: incoming.headers,
    };
    requests.push(request);
    void Promise.resolve(handler(request)).then(async (reply) => {
      if (reply.delayMs !== undefined)
        await new Promise((resolve) => setTimeout(resolve, reply.delayMs));
      if (reply.destroy === true) {
        incoming.socket.destroy();
        return;
      }
      const text =
        typeof reply.body === 'string'
          ? reply.body
          : reply.body === undefined
            ? ''
            : JSON.stringify(reply.body);
      let payload: Buffer = Buffer.from(text);
      const headers: Record<string, string> = {
        'content-type': typeof reply.body === 'string' ? 'text/plain' : 'application/json',
        ...reply.headers,
      };
      if (reply.truncate === true) payload = payload.subarray(0, Math.floor(payload.length / 2));
      if (reply.gzip === true) {
        payload = gzipSync(payload);
        headers['content-encoding'] = 'gzip';
      }
      response.writeHead(reply.status ?? 200, headers).end(payload);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          resolve();
        });
      }),
  };
}
