import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import {
  afterAll,
  beforeAll,
  describe,
  expect,
  expect as globalExpect,
  test,
  type ExpectStatic,
} from 'vitest';
import { chatSetup, TEST_KEY, type ChatSetup } from '../helpers/chat-setup.js';
import type { CliResult } from '../helpers/cli.js';
import { startConnectProxy, type ConnectProxy } from '../helpers/connect-proxy.js';
import { startProviderServer, type Fault } from '../helpers/provider-server.js';
import {
  hasOpenssl,
  makeCert,
  startTlsFront,
  type TestCert,
  type TlsFront,
} from '../helpers/tls-front.js';

/**
 * `aichat` as a user runs it, behind a proxy: the endpoint is `https://api.example.test`,
 * a name only the test proxy can reach. The proxy tunnels it to a TLS server (with a
 * throwaway certificate the child trusts through NODE_EXTRA_CA_CERTS) in front of the
 * provider test server. Every failure runs with --debug, and no output, nor any file in
 * the user's home, may hold the API key or the proxy password.
 */

const HOST = 'api.example.test';
const USER = 'proxy-user';
const PASSWORD = 'Pr0xy-Passw0rd-!@#';

let setup: ChatSetup;
let cert: TestCert;
let tls: TlsFront;
let proxy: ConnectProxy;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  cert = makeCert(HOST);
  // Idle timeout for the stall; generous, as it also covers the tunnel and TLS set-up.
  setup = await chatSetup('anthropic', { settings: { timeout: '3' } });
  tls = await startTlsFront(cert, Number(new URL(setup.server.url).port));
  proxy = await startConnectProxy({
    upstream: { port: tls.port },
    auth: { user: USER, password: PASSWORD },
  });
  const edit = await setup.home.run(['endpoint', 'edit', 'test', '--url', `https://${HOST}`]);
  expect(edit.code, edit.stderr).toBe(0);
  env = {
    NODE_EXTRA_CA_CERTS: cert.certFile,
    HTTPS_PROXY: proxy.urlWith(USER, PASSWORD),
  };
});

afterAll(async () => {
  await proxy?.close();
  await tls?.close();
  await setup?.cleanup();
  cert?.cleanup();
});

const run = (args: string[], extraEnv: NodeJS.ProcessEnv = {}) =>
  setup.home.run(args, { env: { ...env, ...extraEnv } });

/** Neither the key, nor its tail, nor the proxy password, anywhere in what was printed. */
function expectNoSecrets(result: CliResult, expect: ExpectStatic = globalExpect) {
  const output = result.stdout + result.stderr;
  expect(output).not.toContain(TEST_KEY);
  expect(output).not.toContain(TEST_KEY.slice(-8));
  expect(output).not.toContain(PASSWORD);
  expect(output).not.toContain(encodeURIComponent(PASSWORD));
  expect(output).not.toContain(`${USER}:`);
}

describe.runIf(hasOpenssl())('aichat behind an HTTPS proxy', () => {
  test('ask streams through the tunnel; the proxy saw CONNECT api.example.test:443', async () => {
    setup.server.script({ text: 'Hello through the tunnel.' });
    const seen = proxy.seen.length;
    const result = await run(['ask', 'hello']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe('Hello through the tunnel.');
    const connects = proxy.seen.slice(seen);
    expect(connects.length).toBeGreaterThan(0);
    for (const request of connects) {
      expect(request).toEqual({
        method: 'CONNECT',
        target: `${HOST}:443`,
        credentials: `${USER}:${PASSWORD}`,
        status: 200,
      });
    }
    // TLS ran end to end: the server got the key, the proxy never saw the request.
    const request = setup.server.requests.at(-1);
    expect(request?.headers['x-api-key'] ?? request?.headers.authorization).toContain(TEST_KEY);
  });

  test('endpoint test passes every step through the proxy', async () => {
    setup.server.script({});
    const result = await run(['endpoint', 'test', 'test']);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toMatch(/reach .* HTTP 404 from https:\/\/api\.example\.test/);
  });

  test('a host in NO_PROXY goes direct (and fails here: the name resolves nowhere)', async () => {
    const seen = proxy.seen.length;
    const result = await run(['ask', '--no-save', 'hello'], { NO_PROXY: `.example.test` });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^aichat: endpoint "test": unreachable at https:\/\/api\.example\.test /,
    );
    expect(proxy.seen.length).toBe(seen);
  });

  const proxyFaults: { name: string; env: () => NodeJS.ProcessEnv; line: RegExp }[] = [
    {
      name: 'wrong proxy password (407)',
      env: () => ({ HTTPS_PROXY: proxy.urlWith(USER, `${PASSWORD}-wrong`) }),
      line: /proxy http:\/\/\*\*\*@127\.0\.0\.1:\d+ refused its credentials \(407\)/,
    },
    {
      name: 'proxy not running',
      env: () => ({ HTTPS_PROXY: `http://${USER}:${encodeURIComponent(PASSWORD)}@127.0.0.1:9` }),
      line: /cannot use proxy http:\/\/\*\*\*@127\.0\.0\.1:9 \(connection refused\)/,
    },
    {
      name: 'unsupported proxy scheme',
      env: () => ({
        HTTPS_PROXY: `socks5://${USER}:${encodeURIComponent(PASSWORD)}@127.0.0.1:1080`,
      }),
      line: /the proxy in HTTPS_PROXY is a socks5: proxy/,
    },
    {
      // The tunnel does not weaken TLS: the endpoint's certificate is still checked.
      name: 'an untrusted certificate behind the tunnel',
      env: () => ({ NODE_EXTRA_CA_CERTS: undefined }),
      line: /unreachable at https:\/\/api\.example\.test \(TLS failed: \w+\)/,
    },
  ];

  test.concurrent.for(proxyFaults)(
    '$name: one line from ask --debug and endpoint test --debug, no secret',
    async (fault, { expect }) => {
      const [ask, check] = await Promise.all([
        run(['ask', '--debug', '--no-save', 'hello'], fault.env()),
        run(['endpoint', 'test', 'test', '--debug'], fault.env()),
      ]);
      expect(ask.code).toBe(1);
      expect(ask.stdout).toBe('');
      expect(ask.stderr.split('\n')[0]).toMatch(/^aichat: endpoint "test": /);
      expect(ask.stderr.split('\n')[0]).toMatch(fault.line);
      expectNoSecrets(ask, expect);
      expect(check.code).toBe(1);
      expect(check.stdout).toMatch(/^FAIL reach /m);
      expect(check.stdout).toMatch(fault.line);
      expectNoSecrets(check, expect);
    },
  );

  // Each fault gets a lane of its own (provider server, TLS, proxy), chosen by the run's
  // HTTPS_PROXY, so the runs go at once instead of one after another.
  const providerFaults: { name: string; fault: Fault }[] = [
    {
      name: 'a refused key (401, the body echoes it masked)',
      fault: { kind: 'status', status: 401 },
    },
    { name: 'an unknown model (404)', fault: { kind: 'status', status: 404 } },
    { name: 'a bad request (400)', fault: { kind: 'status', status: 400 } },
    { name: 'rate limited (429)', fault: { kind: 'status', status: 429, retryAfter: '0' } },
    { name: 'a server error (500)', fault: { kind: 'status', status: 500, shouldRetry: false } },
    { name: 'overloaded (529)', fault: { kind: 'status', status: 529, shouldRetry: false } },
    { name: 'an error event mid-stream', fault: { kind: 'error-event', afterChunks: 1 } },
    { name: 'a cut stream', fault: { kind: 'cut', afterChunks: 1 } },
    { name: 'a stall', fault: { kind: 'stall', afterChunks: 1 } },
  ];

  test.concurrent.for(providerFaults)(
    '$name through the tunnel, ask --debug: one line, no secret',
    async ({ fault }, { expect }) => {
      const lane = await startLane(fault);
      try {
        const result = await run(['ask', '--debug', '--no-save', 'hello'], {
          HTTPS_PROXY: lane.proxy.urlWith(USER, PASSWORD),
        });
        expect(result.code).toBe(1);
        expect(result.stderr.split('\n')[0]).toMatch(/^aichat: endpoint "test": /);
        expect(lane.proxy.seen[0]?.target).toBe(`${HOST}:443`);
        expectNoSecrets(result, expect);
      } finally {
        await lane.close();
      }
    },
  );

  test('nothing in the home directory holds the key or the proxy password in clear', async () => {
    // A saved chat whose reply failed at the proxy keeps that line in the store.
    const failed = await run(['ask', 'saved'], {
      HTTPS_PROXY: proxy.urlWith(USER, `${PASSWORD}-x`),
    });
    expect(failed.code).toBe(1);
    for (const file of await filesUnder(setup.home.home)) {
      const text = await readFile(file, 'utf8');
      expect(text, file).not.toContain(TEST_KEY);
      expect(text, file).not.toContain(PASSWORD);
    }
  });
});

/** A provider server with a fixed script, behind TLS, behind a proxy of its own. */
async function startLane(fault: Fault) {
  const server = await startProviderServer({
    apiKey: TEST_KEY,
    script: { text: 'abcdef', chunks: 3, fault },
  });
  const front = await startTlsFront(cert, Number(new URL(server.url).port));
  const laneProxy = await startConnectProxy({
    upstream: { port: front.port },
    auth: { user: USER, password: PASSWORD },
  });
  return {
    proxy: laneProxy,
    close: async () => {
      await laneProxy.close();
      await front.close();
      await server.close();
    },
  };
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}
