import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startProviderServer, type ProviderServer } from '../helpers/provider-server.js';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { providerFor, ProviderError, reach } from '../../src/providers/index.js';
import { collect, collectFrom, expectFailure, PROTOCOLS, REQUEST, targetFor } from './harness.js';

let server: ProviderServer;
beforeAll(async () => {
  server = await startProviderServer();
});
afterAll(() => server.close());

describe.each(PROTOCOLS)('%s', (provider) => {
  it('ends as cancelled within moments of the abort, not after the wait', async () => {
    server.script({ fault: { kind: 'status', status: 429, retryAfter: '10' } });
    const from = server.requests.length;
    const chat = await providerFor(targetFor(server, provider));
    const controller = new AbortController();
    const result = collectFrom(chat.stream(REQUEST, { signal: controller.signal }));
    // Abort once the 429 has come back and the 10 s wait has begun.
    await vi.waitUntil(() => server.requests.length > from, { interval: 5 });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const abortedAt = Date.now();
    controller.abort();
    const outcome = await result;
    expect(Date.now() - abortedAt).toBeLessThan(100);
    expectFailure(outcome, 'cancelled', 'endpoint "work": cancelled');
    expect(server.requests.length - from).toBe(1);
  });

  it('a signal aborted before the start sends nothing', async () => {
    server.script({});
    const from = server.requests.length;
    const result = await collect(targetFor(server, provider), { signal: AbortSignal.abort() });
    expectFailure(result, 'cancelled');
    expect(server.requests.length - from).toBe(0);
  });
});

describe('reach (the first step of endpoint test)', () => {
  it('ends as cancelled when its signal aborts, not at its timeout', async () => {
    // A server that accepts the connection and never answers.
    const silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = silent.address() as AddressInfo;
      const target = targetFor(server, 'openai', { baseUrl: `http://127.0.0.1:${port}/v1` });
      const controller = new AbortController();
      const reached = reach(target, 10_000, controller.signal).catch((err: unknown) => err);
      await new Promise((resolve) => setTimeout(resolve, 100));
      const abortedAt = Date.now();
      controller.abort();
      const err = await reached;
      expect(Date.now() - abortedAt).toBeLessThan(500);
      expect(err).toBeInstanceOf(ProviderError);
      expect((err as ProviderError).reason).toBe('cancelled');
    } finally {
      silent.closeAllConnections();
      silent.close();
    }
  });
});
