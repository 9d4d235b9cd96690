import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProviderServer, type ProviderServer } from '../helpers/provider-server.js';
import { providerFor } from '../../src/providers/index.js';
import { collect, collectFrom, expectFailure, PROTOCOLS, REQUEST, targetFor } from './harness.js';

let server: ProviderServer;
beforeAll(async () => {
  server = await startProviderServer();
});
afterAll(() => server.close());

describe.each(PROTOCOLS)('%s', (provider) => {
  it('fails at once, saying how long the server wants, when that is over the limit', async () => {
    server.script({ fault: { kind: 'status', status: 429, retryAfter: '120' } });
    const from = server.requests.length;
    const chat = await providerFor(targetFor(server, provider));
    const started = Date.now();
    const result = await collectFrom(chat.stream(REQUEST, { maxRetryWaitMs: 30_000 }));
    expect(Date.now() - started).toBeLessThan(1000);
    expectFailure(
      result,
      'rate_limited',
      'rate limited (429); the server asks to wait 120 s',
      'try again after that',
    );
    expect(server.requests.length - from).toBe(1);
  });

  it('applies the caller’s limit, not a fixed one', async () => {
    server.script({ fault: { kind: 'status', status: 529, retryAfterMs: '900' } });
    const result = await collect(targetFor(server, provider), { maxRetryWaitMs: 500 });
    expectFailure(result, 'overloaded', 'overloaded (529); the server asks to wait 900 ms');
  });
});
