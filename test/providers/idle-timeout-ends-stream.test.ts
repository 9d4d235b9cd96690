import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProviderServer, type ProviderServer } from '../helpers/provider-server.js';
import { collect, expectFailure, PROTOCOLS, targetFor } from './harness.js';

let server: ProviderServer;
beforeAll(async () => {
  server = await startProviderServer();
});
afterAll(() => server.close());

describe.each(PROTOCOLS)('%s', (provider) => {
  it('a stream that stalls mid-reply ends as timeout, text kept', async () => {
    server.script({ text: 'abcdef', chunks: 3, fault: { kind: 'stall', afterChunks: 2 } });
    const started = Date.now();
    const result = await collect(targetFor(server, provider), { idleTimeoutMs: 300 });
    expect(Date.now() - started).toBeLessThan(2000);
    expect(result.text).toBe('abcd');
    expectFailure(result, 'timeout', 'timed out: no data for 300 ms mid-reply');
  });

  it('a server that never answers ends as timeout, and is not retried', async () => {
    server.script({ fault: { kind: 'hang' } });
    const from = server.requests.length;
    const result = await collect(targetFor(server, provider), { idleTimeoutMs: 300 });
    expectFailure(result, 'timeout', 'timed out: no data for 300 ms —');
    expect(server.requests.length - from).toBe(1);
  });

  it('a slow but steady stream is not timed out: the limit is per silence, not in total', async () => {
    server.script({ text: 'slow and steady', chunks: 5, delayMs: 150 });
    const { text, last } = await collect(targetFor(server, provider), { idleTimeoutMs: 400 });
    expect(text).toBe('slow and steady');
    expect(last.type).toBe('done');
  });
});
