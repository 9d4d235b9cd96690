import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProviderServer, type ProviderServer } from '../helpers/provider-server.js';
import { collect, PROTOCOLS, targetFor } from './harness.js';

let server: ProviderServer;
beforeAll(async () => {
  server = await startProviderServer();
});
afterAll(() => server.close());

/** Gaps between the chat requests made since `from`. */
function gapsSince(from: number): number[] {
  const times = server.requests.slice(from).map((r) => r.receivedAt);
  return times.slice(1).map((t, i) => t - times[i]!);
}

describe.each(PROTOCOLS)('%s', (provider) => {
  it('waits the retry-after-ms the server asks for, then succeeds', async () => {
    server.script({
      text: 'finally',
      fault: { kind: 'status', status: 429, times: 2, retryAfterMs: '150' },
    });
    const from = server.requests.length;
    const { text, last } = await collect(targetFor(server, provider), { retryBaseDelayMs: 1 });
    expect(text).toBe('finally');
    expect(last.type).toBe('done');
    const gaps = gapsSince(from);
    expect(gaps).toHaveLength(2);
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(140);
  });

  it('waits retry-after given in seconds', async () => {
    server.script({ fault: { kind: 'status', status: 529, times: 1, retryAfter: '1' } });
    const from = server.requests.length;
    const { last } = await collect(targetFor(server, provider), { retryBaseDelayMs: 1 });
    expect(last.type).toBe('done');
    expect(gapsSince(from)[0]).toBeGreaterThanOrEqual(950);
  });

  it('backs off on its own when the server names no wait', async () => {
    server.script({ fault: { kind: 'status', status: 500, times: 2 } });
    const from = server.requests.length;
    const { last } = await collect(targetFor(server, provider), { retryBaseDelayMs: 60 });
    expect(last.type).toBe('done');
    const [first, second] = gapsSince(from);
    // Equal jitter: at least half of 60 ms, then at least half of 120 ms.
    expect(first).toBeGreaterThanOrEqual(28);
    expect(second).toBeGreaterThanOrEqual(58);
  });

  it('does not retry when the server says x-should-retry: false', async () => {
    server.script({ fault: { kind: 'status', status: 529, shouldRetry: false } });
    const from = server.requests.length;
    const { last } = await collect(targetFor(server, provider), { retryBaseDelayMs: 1 });
    expect(last).toMatchObject({ type: 'error', kind: 'overloaded', status: 529 });
    expect(server.requests.length - from).toBe(1);
  });
});

// The date form goes through the same code for both protocols; once is enough.
it('waits until a retry-after HTTP date', async () => {
  const date = new Date(Date.now() + 1500).toUTCString();
  server.script({ fault: { kind: 'status', status: 503, times: 1, retryAfter: date } });
  const from = server.requests.length;
  const { last } = await collect(targetFor(server, 'openai'), { retryBaseDelayMs: 1 });
  expect(last.type).toBe('done');
  // HTTP dates have whole seconds: the wait is between 0.5 and 1.5 s.
  expect(gapsSince(from)[0]).toBeGreaterThanOrEqual(400);
});
