import net from 'node:net';

/** A TCP proxy in front of a server, which a test can take down and bring back. */
export interface TcpProxy {
  /** The port clients connect to; it stays the same across outages. */
  readonly port: number;
  /** How many times the proxy went down. */
  readonly outages: number;
  /** Connections cut while they were open. */
  readonly cut: number;
  /** Closes the listener and resets every open connection. */
  close(): Promise<void>;
}

/** When and for how long the proxy goes down on its own. */
export interface OutagePlan {
  /** Go down once this many chunks have travelled from clients to the server. */
  readonly afterChunks: number;
  /** Milliseconds until the proxy listens again on the same port. */
  readonly downForMs: number;
}

/**
 * Starts a proxy to 127.0.0.1:`targetPort`. With a plan it goes down once, in the middle of
 * whatever requests are in flight: open connections are reset and new ones refused until it
 * listens again on the same port, as when a broker or load balancer restarts.
 */
export async function startTcpProxy(targetPort: number, plan?: OutagePlan): Promise<TcpProxy> {
  const sockets = new Set<net.Socket>();
  let chunks = 0;
  let outages = 0;
  let cut = 0;
  let closed = false;

  const goDown = (): void => {
    outages += 1;
    server.close();
    for (const socket of sockets) {
      cut += 1;
      socket.resetAndDestroy();
    }
    setTimeout(() => {
      if (!closed) server.listen(port, '127.0.0.1');
    }, plan?.downForMs ?? 0);
  };

  const server = net.createServer((client) => {
    const upstream = net.connect(targetPort, '127.0.0.1');
    sockets.add(client);
    sockets.add(upstream);
    client.on('data', () => {
      chunks += 1;
      if (plan !== undefined && outages === 0 && chunks >= plan.afterChunks) goDown();
    });
    client.pipe(upstream).pipe(client);
    const forget = (): void => {
      sockets.delete(client);
      sockets.delete(upstream);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', forget).on('close', forget);
    upstream.on('error', forget).on('close', forget);
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('proxy has no port');
  const port = address.port;

  return {
    port,
    get outages() {
      return outages;
    },
    get cut() {
      return cut;
    },
    async close() {
      closed = true;
      for (const socket of sockets) socket.destroy();
      if (server.listening) await new Promise((resolve) => server.close(resolve));
    },
  };
}
