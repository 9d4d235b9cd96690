import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProviderServer, type ProviderServer } from '../helpers/provider-server.js';
import { collect, expectFailure, PROTOCOLS, targetFor } from './harness.js';

let server: ProviderServer;
beforeAll(async () => {
  server = await startProviderServer();
});
afterAll(() => server.close());

const fast = { retryBaseDelayMs: 1 };

describe.each(PROTOCOLS)('%s', (provider) => {
  it('a connection dropped mid-reply ends as cut, text kept, no retry', async () => {
    server.script({ text: 'abcdef', chunks: 3, fault: { kind: 'cut', afterChunks: 2 } });
    const from = server.requests.length;
    const result = await collect(targetFor(server, provider), fast);
    expect(result.text).toBe('abcd');
    expectFailure(result, 'cut', 'mid-reply');
    expect(server.requests.length - from).toBe(1);
  });

  it('a response that ends cleanly but without the end marker is cut too', async () => {
    server.script({ text: 'abcdef', chunks: 3, fault: { kind: 'end-early', afterChunks: 2 } });
    const result = await collect(targetFor(server, provider), fast);
    expect(result.text).toBe('abcd');
    expectFailure(result, 'cut', 'the reply was cut off mid-stream');
  });

  it('a stream that ends before any text says the reply never finished', async () => {
    server.script({ fault: { kind: 'end-early', afterChunks: 0 } });
    const result = await collect(targetFor(server, provider), fast);
    expect(result.text).toBe('');
    expectFailure(result, 'cut', 'the connection closed before the reply ended');
  });
});
