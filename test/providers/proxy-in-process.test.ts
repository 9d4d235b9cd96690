import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from 'vitest';
import { startConnectProxy, type ConnectProxy } from '../helpers/connect-proxy.js';
import { startProviderServer, type ProviderServer } from '../helpers/provider-server.js';
import { providerFor, reach } from '../../src/providers/index.js';
import { collect, expectFailure, expectOneSafeLine, KEY, PROTOCOLS, targetFor } from './harness.js';

/**
 * The proxy rules on real sockets, in process. Only what needs no TLS to the endpoint is
 * here: plain-http endpoints through the proxy, and https endpoints whose tunnel fails
 * before TLS starts. The tunnelled https stream runs in proxy-cli.test.ts, where the
 * child process can trust a test certificate.
 */

const USER = 'alice';
const PASSWORD = 'pr0xy-s3cret@!';
const REMOTE_HTTP = 'http://api.example.test';
const REMOTE_HTTPS = 'https://api.example.test';

let server: ProviderServer;
const proxies: ConnectProxy[] = [];

beforeAll(async () => {
  server = await startProviderServer({ apiKey: KEY });
});
afterAll(() => server.close());
afterEach(async () => {
  vi.unstubAllEnvs();
  await Promise.all(proxies.splice(0).map((p) => p.close()));
});

async function proxy(options: Parameters<typeof startConnectProxy>[0] = {}) {
  const started = await startConnectProxy({
    upstream: { port: Number(new URL(server.url).port) },
    auth: { user: USER, password: PASSWORD },
    ...options,
  });
  proxies.push(started);
  return started;
}

/** Sets only the given proxy variables, clearing any the test runner inherited. */
function proxyEnv(vars: Record<string, string>) {
  for (const name of ['http_proxy', 'https_proxy', 'no_proxy', 'HTTP_PROXY', 'HTTPS_PROXY']) {
    vi.stubEnv(name, '');
  }
  vi.stubEnv('NO_PROXY', '');
  for (const [name, value] of Object.entries(vars)) vi.stubEnv(name, value);
}

const remote = (base: string, protocol: (typeof PROTOCOLS)[number]) =>
  protocol === 'anthropic' ? base : `${base}/v1`;

function expectNoPassword(text: string) {
  expect(text).not.toContain(PASSWORD);
  expect(text).not.toContain(encodeURIComponent(PASSWORD));
  expect(text).not.toContain(`${USER}:`);
}

describe.each(PROTOCOLS)('%s', (protocol) => {
  test('an http:// endpoint is sent to HTTP_PROXY in absolute form, with the proxy credentials', async () => {
    const p = await proxy();
    proxyEnv({ HTTP_PROXY: p.urlWith(USER, PASSWORD) });
    server.script({ text: 'via the proxy' });
    const before = server.requests.length;
    const result = await collect(
      targetFor(server, protocol, { baseUrl: remote(REMOTE_HTTP, protocol) }),
    );
    expect(result.text).toBe('via the proxy');
    expect(result.last).toMatchObject({ type: 'done' });
    const path = protocol === 'anthropic' ? '/v1/messages' : '/v1/chat/completions';
    expect(p.seen).toEqual([
      {
        method: 'POST',
        target: `${REMOTE_HTTP}${path}`,
        credentials: `${USER}:${PASSWORD}`,
        status: 200,
      },
    ]);
    const request = server.requests[before]!;
    expect(request.headers.host).toBe('api.example.test');
  });

  test('a loopback endpoint goes direct with every proxy variable set', async () => {
    const p = await proxy();
    proxyEnv({ HTTP_PROXY: p.url, HTTPS_PROXY: p.url, http_proxy: p.url, https_proxy: p.url });
    server.script({ text: 'direct' });
    const result = await collect(targetFor(server, protocol));
    expect(result.text).toBe('direct');
    expect(p.seen).toEqual([]);
  });

  test('wrong proxy credentials (407 to CONNECT): one line naming the proxy, credentials hidden', async () => {
    const p = await proxy();
    proxyEnv({ HTTPS_PROXY: p.urlWith(USER, 'wrong-password') });
    const result = await collect(
      targetFor(server, protocol, { baseUrl: remote(REMOTE_HTTPS, protocol) }),
    );
    expectFailure(
      result,
      'unreachable',
      `proxy http://***@127.0.0.1:${p.port} refused its credentials (407)`,
      'HTTPS_PROXY',
    );
    expect(p.seen).toEqual([
      {
        method: 'CONNECT',
        target: 'api.example.test:443',
        credentials: `${USER}:wrong-password`,
        status: 407,
      },
    ]);
    expect(JSON.stringify(result.events)).not.toContain('wrong-password');
  });

  test('no proxy credentials where the proxy wants them: says how to set them', async () => {
    const p = await proxy();
    proxyEnv({ https_proxy: p.url });
    const result = await collect(
      targetFor(server, protocol, { baseUrl: remote(REMOTE_HTTPS, protocol) }),
    );
    expectFailure(
      result,
      'unreachable',
      `proxy http://127.0.0.1:${p.port} wants credentials (407)`,
      "put USER:PASSWORD@ before the proxy's host in https_proxy",
    );
  });

  test('a proxy that cannot reach the endpoint (502): one line, credentials hidden', async () => {
    const p = await proxy({ refuse: 502 });
    proxyEnv({ HTTPS_PROXY: p.urlWith(USER, PASSWORD) });
    const result = await collect(
      targetFor(server, protocol, { baseUrl: remote(REMOTE_HTTPS, protocol) }),
    );
    expectFailure(
      result,
      'unreachable',
      `proxy http://***@127.0.0.1:${p.port} could not connect to api.example.test:443 (502)`,
      'NO_PROXY',
    );
    expectNoPassword(JSON.stringify(result.events));
  });

  test('a proxy that is not running: one line naming it, credentials hidden', async () => {
    const p = await proxy();
    await p.close();
    proxyEnv({ HTTPS_PROXY: p.urlWith(USER, PASSWORD) });
    const result = await collect(
      targetFor(server, protocol, { baseUrl: remote(REMOTE_HTTPS, protocol) }),
    );
    expectFailure(
      result,
      'unreachable',
      `cannot use proxy http://***@127.0.0.1:${p.port} (connection refused)`,
    );
    expectNoPassword(JSON.stringify(result.events));
  });

  test('407 to a plain-http request is the proxy’s, not the endpoint’s', async () => {
    const p = await proxy();
    proxyEnv({ HTTP_PROXY: p.urlWith(USER, 'nope') });
    const result = await collect(
      targetFor(server, protocol, { baseUrl: remote(REMOTE_HTTP, protocol) }),
    );
    expectFailure(
      result,
      'unreachable',
      `proxy http://***@127.0.0.1:${p.port} refused its credentials (407)`,
      'HTTP_PROXY',
    );
  });

  test('the model list fails through a refusing proxy with the same line', async () => {
    const p = await proxy();
    proxyEnv({ HTTPS_PROXY: p.urlWith(USER, 'wrong-password') });
    const provider = await providerFor(
      targetFor(server, protocol, { baseUrl: remote(REMOTE_HTTPS, protocol) }),
    );
    const error = await provider.listModels().then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(error).toBeInstanceOf(Error);
    expectOneSafeLine((error as Error).message, 'refused its credentials (407)');
    expect((error as Error).message).not.toContain('wrong-password');
  });
});

describe('NO_PROXY and stalls', () => {
  test('a host in NO_PROXY goes direct: the proxy sees nothing, the line names the endpoint', async () => {
    const p = await proxy();
    proxyEnv({ HTTPS_PROXY: p.url, NO_PROXY: 'localhost,.example.test' });
    const result = await collect(targetFor(server, 'anthropic', { baseUrl: REMOTE_HTTPS }), {
      maxRetries: 0,
    });
    expectFailure(result, 'unreachable', 'unreachable at https://api.example.test');
    expect(p.seen).toEqual([]);
  });

  test('a proxy that accepts the connection and never answers CONNECT times out', async () => {
    const silent: Server = createServer((socket: Socket) => socket.on('error', () => {}));
    const sockets = new Set<Socket>();
    silent.on('connection', (s: Socket) => sockets.add(s));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as { port: number }).port;
    proxyEnv({ HTTPS_PROXY: `http://127.0.0.1:${port}` });
    try {
      const started = Date.now();
      const result = await collect(targetFor(server, 'anthropic', { baseUrl: REMOTE_HTTPS }), {
        idleTimeoutMs: 300,
      });
      expectFailure(result, 'timeout');
      expect(Date.now() - started).toBeLessThan(5000);
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });
});

describe('reach (the first step of endpoint test) goes the same way', () => {
  const target = (baseUrl: string) => targetFor(server, 'openai', { baseUrl });

  test('through HTTP_PROXY to an http:// endpoint', async () => {
    const p = await proxy();
    proxyEnv({ HTTP_PROXY: p.urlWith(USER, PASSWORD) });
    await expect(reach(target(`${REMOTE_HTTP}/v1`), 5000)).resolves.toEqual({ status: 404 });
    expect(p.seen.map((r) => `${r.method} ${r.target}`)).toEqual([`GET ${REMOTE_HTTP}/v1`]);
  });

  test('a refusing proxy is named, credentials hidden', async () => {
    const p = await proxy({ refuse: 403 });
    proxyEnv({ HTTPS_PROXY: p.urlWith(USER, PASSWORD) });
    const error = await reach(target(REMOTE_HTTPS), 5000).then(
      () => undefined,
      (err: unknown) => err as Error,
    );
    expectOneSafeLine(
      error!.message,
      `proxy http://***@127.0.0.1:${p.port} refused to connect to api.example.test:443 (403)`,
    );
    expectNoPassword(error!.message);
  });

  test('a loopback endpoint is reached directly', async () => {
    const p = await proxy();
    proxyEnv({ HTTP_PROXY: p.url });
    await expect(reach(target(server.openaiUrl), 5000)).resolves.toEqual({ status: 404 });
    expect(p.seen).toEqual([]);
  });
});
