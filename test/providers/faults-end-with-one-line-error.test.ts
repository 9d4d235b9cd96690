import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProviderServer, type ProviderServer } from '../helpers/provider-server.js';
import { collect, expectFailure, KEY, PROTOCOLS, targetFor } from './harness.js';

let server: ProviderServer;
beforeAll(async () => {
  server = await startProviderServer({ apiKey: KEY });
});
afterAll(() => server.close());

/** Retries without waiting, so exhausting them is quick. */
const fast = { maxRetries: 2, retryBaseDelayMs: 1 };

function chatRequests() {
  return server.requests.filter((r) => r.method === 'POST');
}

describe.each(PROTOCOLS)('%s', (provider) => {
  it('a wrong key is "bad API key (401)", without the key the user sent', async () => {
    const wrong = 'sk-wrong-key-0000000000000000wxyz';
    const result = await collect(targetFor(server, provider, { apiKey: wrong }));
    expectFailure(result, 'auth', 'bad API key (401)', 'aichat endpoint edit work --key-stdin');
    if (result.last.type !== 'error') return;
    expect(result.last.status).toBe(401);
    expect(result.last.message).not.toContain(wrong);
    expect(result.last.message).not.toContain('wxyz');
  });

  it('no key where one is needed says so', async () => {
    const result = await collect(targetFor(server, provider, { apiKey: undefined }));
    expectFailure(result, 'auth', 'wants an API key (401) and none is set');
  });

  it('an unknown model is named, with how to add the models it serves', async () => {
    server.script({ fault: { kind: 'status', status: 404 } });
    const result = await collect(targetFor(server, provider));
    expectFailure(
      result,
      'not_found',
      'unknown model "test-model" (404)',
      'aichat model import work',
    );
  });

  it('a 404 on the path is a wrong URL, with how the URL should look', async () => {
    server.script({});
    const wrongBase = provider === 'anthropic' ? `${server.url}/v1` : server.url;
    const result = await collect(targetFor(server, provider, { baseUrl: wrongBase }));
    const path = provider === 'anthropic' ? '/v1/v1/messages' : '/chat/completions';
    expectFailure(result, 'not_found', `nothing at ${server.url}${path} (404)`, '--url');
    if (result.last.type === 'error') {
      expect(result.last.message).toContain(
        provider === 'anthropic' ? 'without /v1' : 'end in /v1',
      );
    }
  });

  it('403 is access denied, with the server message', async () => {
    server.script({ fault: { kind: 'status', status: 403 } });
    const result = await collect(targetFor(server, provider));
    expectFailure(result, 'auth', 'access denied (403): Test server error 403');
  });

  it('a rejected request (400) carries the server message', async () => {
    server.script({ fault: { kind: 'status', status: 400 } });
    const before = chatRequests().length;
    const result = await collect(targetFor(server, provider), fast);
    const message =
      provider === 'anthropic' ? 'max_tokens: Field required' : 'Test server error 400';
    expectFailure(result, 'bad_request', `request rejected (400): ${message}`);
    expect(chatRequests().length - before).toBe(1);
  });

  it.each([
    [500, 'server', 'server error (500)'],
    [503, 'overloaded', 'overloaded (503)'],
    [529, 'overloaded', 'overloaded (529)'],
  ] as const)('%i before any text is retried, then reported', async (status, kind, cause) => {
    server.script({ fault: { kind: 'status', status } });
    const before = chatRequests().length;
    const result = await collect(targetFor(server, provider), fast);
    expectFailure(result, kind, cause, 'still after 2 retries');
    expect(chatRequests().length - before).toBe(3);
  });

  it('an error event after text ends the stream with its kind, text kept, no retry', async () => {
    server.script({ text: 'abcdef', chunks: 3, fault: { kind: 'error-event', afterChunks: 2 } });
    const before = chatRequests().length;
    const result = await collect(targetFor(server, provider), fast);
    expect(result.text).toBe('abcd');
    if (provider === 'anthropic') {
      expectFailure(
        result,
        'overloaded',
        'overloaded (error event in the stream: overloaded_error: Overloaded)',
      );
    } else {
      expectFailure(result, 'server', 'server error (error event in the stream: server_error');
    }
    expect(chatRequests().length - before).toBe(1);
  });

  it('an error event of an unknown type is a stream error', async () => {
    server.script({
      fault: { kind: 'error-event', afterChunks: 1, errorType: 'weird_error', message: 'Odd' },
    });
    const result = await collect(targetFor(server, provider), fast);
    expectFailure(result, 'stream_error', 'weird_error: Odd');
  });

  it('an error event before any text is retried like a status', async () => {
    server.script({
      fault: { kind: 'error-event', afterChunks: 0, errorType: 'overloaded_error' },
    });
    const before = chatRequests().length;
    const result = await collect(targetFor(server, provider), { ...fast, maxRetries: 1 });
    expectFailure(result, 'overloaded', 'still after 1 retry');
    expect(chatRequests().length - before).toBe(2);
    // Each try reported usage before failing; only the last one's is passed on.
    expect(result.events.filter((e) => e.type === 'usage')).toHaveLength(
      provider === 'anthropic' ? 1 : 0,
    );
  });

  it('a server that is not there is unreachable, connection refused', async () => {
    const gone = await startProviderServer();
    await gone.close();
    const baseUrl = provider === 'anthropic' ? gone.anthropicUrl : gone.openaiUrl;
    const result = await collect(targetFor(server, provider, { baseUrl }));
    expectFailure(
      result,
      'unreachable',
      `unreachable at ${baseUrl} (connection refused) — is the server running?`,
    );
  });

  it.each(['not a url', 'ftp://example.com/v1'])(
    'a base URL like %j is named as invalid',
    async (baseUrl) => {
      const result = await collect(targetFor(server, provider, { baseUrl }));
      expectFailure(
        result,
        'unreachable',
        '(not an http or https URL)',
        'aichat endpoint edit work --url URL',
      );
    },
  );
});
