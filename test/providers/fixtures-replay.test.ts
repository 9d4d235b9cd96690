import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProviderServer, type ProviderServer } from '../helpers/provider-server.js';
import type { ProviderTarget } from '../../src/providers/types.js';
import { collect, targetFor } from './harness.js';

let server: ProviderServer;
beforeAll(async () => {
  server = await startProviderServer();
});
afterAll(() => server.close());

interface Case {
  fixture: string;
  provider: ProviderTarget['provider'];
  text: string | RegExp;
  usage?: { inputTokens: number; outputTokens: number };
  stopReason: string;
}

const cases: Case[] = [
  {
    fixture: 'anthropic/stream-text.sse',
    provider: 'anthropic',
    text: "Hello! I'm doing well, thank you for asking. How are you doing today? Is there anything I can help you with?",
    usage: { inputTokens: 12, outputTokens: 30 },
    stopReason: 'end_turn',
  },
  {
    fixture: 'anthropic/stream-json-padded.sse',
    provider: 'anthropic',
    text: '[12345,67890]',
    usage: { inputTokens: 135, outputTokens: 10 },
    stopReason: 'end_turn',
  },
  {
    // Only the text block is the reply; the thinking block is left out.
    fixture: 'anthropic/stream-thinking.sse',
    provider: 'anthropic',
    text: '925 ÷ 5 = 185',
    usage: { inputTokens: 69, outputTokens: 53 },
    stopReason: 'end_turn',
  },
  {
    fixture: 'openai/stream-text-usage.sse',
    provider: 'openai',
    text: "I'm unable to provide real-time weather updates. To get the current weather in San Francisco, I recommend checking a reliable weather website or a weather app.",
    usage: { inputTokens: 14, outputTokens: 30 },
    stopReason: 'stop',
  },
  {
    // Role in every delta, content in the first chunk, no usage chunk at all.
    fixture: 'ollama/stream-no-usage.sse',
    provider: 'openai',
    text: 'My name is Neo Vim.',
    stopReason: 'stop',
  },
  {
    // `content: null` first delta, usage on the finish chunk, harmony tokens kept as text.
    fixture: 'llamacpp/stream-gptoss-b6097.sse',
    provider: 'openai',
    text: /^<\|channel\|>analysis<\|message\|>User says "test"\. Likely wants.*let me know\.$/s,
    usage: { inputTokens: 82, outputTokens: 43 },
    stopReason: 'stop',
  },
];

describe.each(cases)('$fixture', ({ fixture, provider, text, usage, stopReason }) => {
  it('replays to the recorded text, usage and stop reason', async () => {
    server.script({ fault: { kind: 'replay', fixture } });
    const { events, text: got, last } = await collect(targetFor(server, provider));
    if (typeof text === 'string') expect(got).toBe(text);
    else expect(got).toMatch(text);
    expect(events.find((e) => e.type === 'usage')).toEqual(
      usage ? { type: 'usage', usage } : undefined,
    );
    expect(last).toEqual({ type: 'done', stopReason });
  });

  it('survives its bytes arriving split inside characters', async () => {
    server.script({ fault: { kind: 'replay', fixture }, fragment: true });
    const { text: got, last } = await collect(targetFor(server, provider));
    if (typeof text === 'string') expect(got).toBe(text);
    else expect(got).toMatch(text);
    expect(last.type).toBe('done');
  });
});
