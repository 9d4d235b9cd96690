import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { providerFor } from '../../src/providers/index.js';
import type { StreamEvent } from '../../src/providers/types.js';
import { startProviderServer, type ProviderServer } from '../helpers/provider-server.js';
import { expectFailure, PROTOCOLS, REQUEST, targetFor } from './harness.js';

let server: ProviderServer;
beforeAll(async () => {
  server = await startProviderServer();
});
afterAll(() => server.close());

describe.each(PROTOCOLS)('%s', (provider) => {
  it('an abort after the first text ends the stream as cancelled, promptly', async () => {
    server.script({ text: 'one two three four', chunks: 4, delayMs: 300 });
    const controller = new AbortController();
    const events: StreamEvent[] = [];
    let abortedAt = 0;
    const stream = (await providerFor(targetFor(server, provider))).stream(REQUEST, {
      signal: controller.signal,
    });
    for await (const event of stream) {
      events.push(event);
      if (event.type === 'text' && !abortedAt) {
        abortedAt = Date.now();
        controller.abort();
      }
    }
    expect(Date.now() - abortedAt).toBeLessThan(100);
    await vi.waitUntil(() => server.requests.at(-1)!.closedAt !== undefined, { timeout: 1000 });
    const text = events.map((e) => (e.type === 'text' ? e.text : '')).join('');
    expect(text).toBe('one ');
    expectFailure({ events, text, last: events.at(-1)! }, 'cancelled');
  });

  it('a consumer that stops reading closes the connection', async () => {
    server.script({
      text: 'one two three four',
      chunks: 4,
      fault: { kind: 'stall', afterChunks: 2 },
    });
    const stream = (await providerFor(targetFor(server, provider))).stream(REQUEST);
    for await (const event of stream) if (event.type === 'text') break;
    await vi.waitUntil(() => server.requests.at(-1)!.closedAt !== undefined, { timeout: 1000 });
  });
});
