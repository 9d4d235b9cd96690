import { expect } from 'vitest';
import type { ProviderServer } from '../helpers/provider-server.js';
import { providerFor } from '../../src/providers/index.js';
import type {
  ChatRequest,
  ProviderErrorKind,
  ProviderTarget,
  StreamEvent,
  StreamOptions,
} from '../../src/providers/types.js';

/** Shared by the provider tests: a key the server expects, and one it must never echo. */
export const KEY = 'sk-test-0123456789abcdefXYZ';

export const PROTOCOLS = ['anthropic', 'openai'] as const;

export function targetFor(
  server: ProviderServer,
  provider: ProviderTarget['provider'],
  overrides: Partial<ProviderTarget> = {},
): ProviderTarget {
  return {
    provider,
    endpointName: 'work',
    baseUrl: provider === 'anthropic' ? server.anthropicUrl : server.openaiUrl,
    apiKey: KEY,
    ...overrides,
  };
}

export const REQUEST: ChatRequest = {
  model: 'test-model',
  messages: [{ role: 'user', content: 'Hi' }],
  maxTokens: 64,
};

export interface Collected {
  events: StreamEvent[];
  text: string;
  last: StreamEvent;
}

/** Run one stream to its end; streams never throw, so neither does this. */
export async function collect(
  target: ProviderTarget,
  options: StreamOptions = {},
  request: ChatRequest = REQUEST,
): Promise<Collected> {
  const provider = await providerFor(target);
  return collectFrom(provider.stream(request, options));
}

export async function collectFrom(stream: AsyncIterable<StreamEvent>): Promise<Collected> {
  const events: StreamEvent[] = [];
  for await (const event of stream) events.push(event);
  const text = events.map((e) => (e.type === 'text' ? e.text : '')).join('');
  return { events, text, last: events.at(-1)! };
}

/** The stream ended with an error of `kind` whose one-line message names the endpoint. */
export function expectFailure(result: Collected, kind: ProviderErrorKind, ...fragments: string[]) {
  const { last } = result;
  expect(last.type).toBe('error');
  if (last.type !== 'error') return;
  expect(last.kind).toBe(kind);
  expectOneSafeLine(last.message, ...fragments);
  expect(result.events.filter((e) => e.type === 'error')).toHaveLength(1);
}

/** One line, naming the endpoint, with no key (raw or masked) in it. */
export function expectOneSafeLine(message: string, ...fragments: string[]) {
  expect(message).not.toMatch(/[\r\n]/);
  expect(message).toMatch(/^endpoint "work": /);
  expect(message).not.toContain(KEY);
  expect(message).not.toContain(KEY.slice(-4));
  expect(message).not.toContain('****');
  for (const fragment of fragments) expect(message).toContain(fragment);
}
