import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProviderServer, type ProviderServer } from '../helpers/provider-server.js';
import { collect, KEY, PROTOCOLS, targetFor } from './harness.js';

const TEXT = 'Grüße — 世界 👋🏽 naïve café, ÷ and “quotes”.';

let server: ProviderServer;
beforeAll(async () => {
  server = await startProviderServer({ apiKey: KEY });
});
afterAll(() => server.close());

describe.each(PROTOCOLS)('%s', (provider) => {
  it('streams the text byte for byte, then usage, then done', async () => {
    server.script({ text: TEXT, chunks: 7, usage: { inputTokens: 21, outputTokens: 13 } });
    const { events, text } = await collect(targetFor(server, provider));
    expect(text).toBe(TEXT);
    expect(events.filter((e) => e.type === 'text')).toHaveLength(7);
    expect(events.slice(-2)).toEqual([
      { type: 'usage', usage: { inputTokens: 21, outputTokens: 13 } },
      { type: 'done', stopReason: provider === 'anthropic' ? 'end_turn' : 'stop' },
    ]);
  });

  it('keeps characters whole when their bytes arrive in separate TCP writes', async () => {
    server.script({ text: TEXT, chunks: 4, fragment: true });
    const { text, last } = await collect(targetFor(server, provider));
    expect(text).toBe(TEXT);
    expect(last.type).toBe('done');
  });

  it('reports the stop reason the server gave', async () => {
    server.script({
      text: 'cut short',
      stopReason: provider === 'anthropic' ? 'max_tokens' : 'length',
    });
    const { last } = await collect(targetFor(server, provider));
    expect(last).toEqual({
      type: 'done',
      stopReason: provider === 'anthropic' ? 'max_tokens' : 'length',
    });
  });
});
