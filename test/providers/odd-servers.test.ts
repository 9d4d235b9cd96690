import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { collect, expectFailure, targetFor } from './harness.js';
import type { ProviderServer } from '../helpers/provider-server.js';

/** Servers the test server does not imitate: wrong content, redirects, compression. */

let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
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
});
