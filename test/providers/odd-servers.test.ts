import { createServer, type RequestListener, type Server } from 'node:http';
import { Socket, type AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { readFileSync } from 'node:fs';
import { providerFor } from '../../src/providers/index.js';
import { collect, expectFailure, targetFor } from './harness.js';
import type { ProviderServer } from '../helpers/provider-server.js';

/** Servers the test server does not imitate: wrong content, redirects, compression. */

let server: Server | undefined;
afterEach(async () => {
  if (!server) return;
  server.closeAllConnections();
  await new Promise((resolve) => server!.close(resolve));
  server = undefined;
});

async function serve(handler: RequestListener): Promise<ProviderServer> {
  server = createServer(handler);
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // Only the URLs are used by targetFor.
  return { url, anthropicUrl: url, openaiUrl: `${url}/v1` } as ProviderServer;
}

const recorded = (file: string) =>
  readFileSync(new URL(`../fixtures/providers/${file}`, import.meta.url));

describe('odd servers', () => {
  it('a web page where the API should be is reported as not streaming', async () => {
    const site = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end('<!doctype html><title>Open WebUI</title>');
    });
    const result = await collect(targetFor(site, 'openai'));
    expectFailure(result, 'stream_error', 'did not stream (content-type: text/html', '--url');
  });

  it('a redirect is reported with its target, not followed', async () => {
    let hits = 0;
    const moved = await serve((_req, res) => {
      hits++;
      res.writeHead(301, { location: 'https://api.example.com/v1/messages' });
      res.end();
    });
    const result = await collect(targetFor(moved, 'anthropic'));
    expectFailure(result, 'not_found', 'redirects to https://api.example.com/v1/messages (301)');
    expect(hits).toBe(1);
  });

  it('a gzip-compressed stream is decoded', async () => {
    const gzipped = await serve((req, res) => {
      req.resume();
      res.writeHead(200, { 'content-type': 'text/event-stream', 'content-encoding': 'gzip' });
      res.end(gzipSync(recorded('anthropic/stream-json-padded.sse')));
    });
    const { text, last } = await collect(targetFor(gzipped, 'anthropic'));
    expect(text).toBe('[12345,67890]');
    expect(last.type).toBe('done');
  });

  /** An OpenAI-protocol server answering each request with the next of `streams`. */
  const openaiStreams = (...streams: object[][]) => {
    let hits = 0;
    const served = serve((req, res) => {
      req.resume();
      const chunks = streams[Math.min(hits++, streams.length - 1)]!;
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end(chunks.map((c) => `data: ${JSON.stringify(c)}\n\n`).join('') + 'data: [DONE]\n\n');
    });
    return { served, hits: () => hits };
  };
  const delta = (content: string, finish: string | null = null) => ({
    id: 'c',
    object: 'chat.completion.chunk',
    choices: [{ index: 0, delta: { content }, finish_reason: finish }],
  });

  it('an OpenAI-protocol chunk without choices is passed over', async () => {
    const { served } = openaiStreams([
      { id: 'c', object: 'chat.completion.chunk', usage: null },
      delta('Hello'),
      delta('.', 'stop'),
    ]);
    const { text, last } = await collect(targetFor(await served, 'openai'));
    expect(text).toBe('Hello.');
    expect(last).toEqual({ type: 'done', stopReason: 'stop' });
  });

  it("OpenAI's rate limit inside a stream, before any text, is retried as one", async () => {
    const { served, hits } = openaiStreams(
      [
        {
          error: {
            message: 'Rate limit reached for tokens per min',
            type: 'tokens',
            code: 'rate_limit_exceeded',
          },
        },
      ],
      [delta('After the limit', 'stop')],
    );
    const { text, last } = await collect(targetFor(await served, 'openai'), {
      retryBaseDelayMs: 1,
    });
    expect(text).toBe('After the limit');
    expect(last.type).toBe('done');
    expect(hits()).toBe(2);
  });

  it('a model list sent as a bare array (Together) is read', async () => {
    const site = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify([{ id: 'meta-llama/Llama-3-8b', object: 'model' }, { id: 'qwen' }]));
    });
    const models = await (await providerFor(targetFor(site, 'openai'))).listModels();
    expect(models).toEqual([{ id: 'meta-llama/Llama-3-8b' }, { id: 'qwen' }]);
  });

  it('a model list that says has_more but ignores after= ends after the repeat', async () => {
    let hits = 0;
    const site = await serve((_req, res) => {
      hits++;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ object: 'list', data: [{ id: 'a' }, { id: 'b' }], has_more: true }));
    });
    const models = await (await providerFor(targetFor(site, 'openai'))).listModels();
    expect(models).toEqual([{ id: 'a' }, { id: 'b' }]);
    expect(hits).toBe(2);
  });

  it('a key a server echoes is hidden even where its message is cut short', async () => {
    const key = 'AIzaSyD-a-key-without-a-known-prefix-000';
    const site = await serve((req, res) => {
      req.resume();
      res.writeHead(403, { 'content-type': 'application/json' });
      // The key straddles the point where a long message is cut.
      const message = `${'x'.repeat(140)} the key ${key} is not allowed here`;
      res.end(JSON.stringify({ error: { message, type: 'invalid_request_error' } }));
    });
    const { last } = await collect(targetFor(site, 'openai', { apiKey: key }));
    expect(last.type).toBe('error');
    const line = (last as { message: string }).message;
    expect(line).toContain('***');
    expect(line).not.toContain('AIzaSyD');
  });

  it.each(['anthropic', 'openai'] as const)(
    '%s: a connection that times out is named as such, not as an unexpected failure',
    async (provider) => {
      // What the OS reports for a host that never answers (after ~2 minutes, on Linux).
      const connect = vi.spyOn(Socket.prototype, 'connect').mockImplementation(function (
        this: Socket,
      ) {
        const timedOut = Object.assign(new Error('connect ETIMEDOUT 192.0.2.1:80'), {
          code: 'ETIMEDOUT',
          syscall: 'connect',
        });
        process.nextTick(() => this.destroy(timedOut));
        return this;
      });
      try {
        const nowhere = {
          url: 'http://192.0.2.1',
          anthropicUrl: 'http://192.0.2.1',
          openaiUrl: 'http://192.0.2.1/v1',
        } as ProviderServer;
        const result = await collect(targetFor(nowhere, provider), { maxRetries: 0 });
        expectFailure(result, 'unreachable', 'unreachable at', 'connection timed out');
      } finally {
        connect.mockRestore();
      }
    },
  );
});
