import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProviderServer, type ProviderServer } from '../helpers/provider-server.js';
import { collect, KEY, REQUEST, targetFor } from './harness.js';

let server: ProviderServer;
beforeAll(async () => {
  server = await startProviderServer({ apiKey: KEY });
});
afterAll(() => server.close());

const conversation = {
  model: 'test-model',
  system: 'Be brief.',
  temperature: 0.3,
  maxTokens: 200,
  messages: [
    { role: 'user' as const, content: 'Hi' },
    { role: 'assistant' as const, content: 'Hello!' },
    { role: 'user' as const, content: 'What is 2+2?' },
  ],
};

describe('anthropic', () => {
  it('sends system at the top level, max_tokens, temperature and the messages', async () => {
    await collect(targetFor(server, 'anthropic'), {}, conversation);
    const request = server.requests.at(-1)!;
    expect(request.path).toBe('/v1/messages');
    expect(request.body).toEqual({
      model: 'test-model',
      system: 'Be brief.',
      temperature: 0.3,
      max_tokens: 200,
      messages: conversation.messages,
      stream: true,
    });
    expect(request.headers.authorization).toBe(`Bearer ${KEY}`);
  });

  it('always sends max_tokens, and leaves out an unset system prompt and temperature', async () => {
    await collect(targetFor(server, 'anthropic'));
    expect(server.requests.at(-1)!.body).toEqual({
      model: REQUEST.model,
      max_tokens: REQUEST.maxTokens,
      messages: REQUEST.messages,
      stream: true,
    });
  });
});

describe('openai', () => {
  it('sends the system prompt as the first message and asks for usage', async () => {
    await collect(targetFor(server, 'openai'), {}, conversation);
    const request = server.requests.at(-1)!;
    expect(request.path).toBe('/v1/chat/completions');
    expect(request.body).toEqual({
      model: 'test-model',
      messages: [{ role: 'system', content: 'Be brief.' }, ...conversation.messages],
      stream: true,
      stream_options: { include_usage: true },
      max_tokens: 200,
      temperature: 0.3,
    });
    expect(request.headers.authorization).toBe(`Bearer ${KEY}`);
  });

  it('leaves out an unset system prompt and temperature', async () => {
    await collect(targetFor(server, 'openai'));
    expect(server.requests.at(-1)!.body).toEqual({
      model: REQUEST.model,
      messages: REQUEST.messages,
      stream: true,
      stream_options: { include_usage: true },
      max_tokens: REQUEST.maxTokens,
    });
  });
});
