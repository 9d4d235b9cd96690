import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';

/**
 * A forward proxy on 127.0.0.1 that records what it was asked to do: CONNECT tunnels
 * (for https endpoints) and absolute-form requests (for http ones). Whatever host it is
 * asked for, it connects to `upstream`, so a test can give an endpoint a remote-looking
 * name (`https://api.example.test`) that only this proxy can reach.
 *
 * ```ts
 * const proxy = await startConnectProxy({ upstream: { port: tls.port }, auth: { user, password } });
 * env.HTTPS_PROXY = proxy.urlWith(user, password);
 * proxy.seen; // [{ method: 'CONNECT', target: 'api.example.test:443', authorized: true }]
 * ```
 */
export interface ConnectProxyOptions {
  /** Where every tunnel and forwarded request goes. Default: nowhere (`refuse` 502). */
  upstream?: { host?: string; port: number };
  /** Require `Proxy-Authorization: Basic` with these; answer 407 otherwise. */
  auth?: { user: string; password: string };
  /** Answer every request with this status instead of serving it (e.g. 502, 403). */
  refuse?: number;
}

export interface ProxyRequest {
  method: string;
  /** `host:port` for CONNECT, the absolute URL for a forwarded request. */
  target: string;
  /** The decoded `user:password` from Proxy-Authorization, if any. */
  credentials?: string;
  /** What the proxy answered. */
  status: number;
}

export interface ConnectProxy {
  /** `http://127.0.0.1:PORT` */
  url: string;
  port: number;
  /** The proxy URL with credentials, percent-encoded: `http://user:pa%40ss@127.0.0.1:PORT`. */
  urlWith(user: string, password: string): string;
  /** Every request in arrival order. */
  readonly seen: ProxyRequest[];
  close(): Promise<void>;
}

export async function startConnectProxy(options: ConnectProxyOptions = {}): Promise<ConnectProxy> {
  const seen: ProxyRequest[] = [];
  const sockets = new Set<Duplex>();
  const track = (socket: Duplex) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  };

  /** The status to answer with before serving anything: 407, `refuse`, or 0 to go on. */
  const gate = (req: IncomingMessage, target: string): number => {
    const credentials = decodeBasic(req.headers['proxy-authorization']);
    const expected = options.auth && `${options.auth.user}:${options.auth.password}`;
    let status = 0;
    if (expected !== undefined && credentials !== expected) status = 407;
    else if (options.refuse) status = options.refuse;
    else if (!options.upstream) status = 502;
    seen.push({
      method: req.method ?? '',
      target,
      ...(credentials !== undefined && { credentials }),
      status: status || 200,
    });
    return status;
  };

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const target = req.url ?? '';
    const status = gate(req, target);
    if (status) {
      res.writeHead(status, status === 407 ? { 'proxy-authenticate': 'Basic realm="test"' } : {});
      res.end(`proxy says ${status}`);
      return;
    }
    const url = new URL(target);
    const headers = { ...req.headers };
    delete headers['proxy-authorization'];
    const upstream = request(
      {
        host: options.upstream!.host ?? '127.0.0.1',
        port: options.upstream!.port,
        method: req.method,
        path: url.pathname + url.search,
        headers,
      },
      (reply) => {
        res.writeHead(reply.statusCode ?? 502, reply.headers);
        reply.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    res.on('close', () => upstream.destroy());
    req.pipe(upstream);
  });

  server.on('connection', track);
  server.on('connect', (req: IncomingMessage, client: Socket, head: Buffer) => {
    const status = gate(req, req.url ?? '');
    if (status) {
      const extra = status === 407 ? 'Proxy-Authenticate: Basic realm="test"\r\n' : '';
      client.end(`HTTP/1.1 ${status} Refused\r\n${extra}Content-Length: 0\r\n\r\n`);
      return;
    }
    const upstream = connect(options.upstream!.port, options.upstream!.host ?? '127.0.0.1');
    track(upstream);
    upstream.on('connect', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    urlWith: (user, password) =>
      `http://${encodeURIComponent(user)}:${encodeURIComponent(password)}@127.0.0.1:${port}`,
    seen,
    close() {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

function decodeBasic(header: string | undefined): string | undefined {
  const encoded = /^Basic\s+(.+)$/i.exec(header ?? '')?.[1];
  return encoded === undefined ? undefined : Buffer.from(encoded, 'base64').toString('utf8');
}
