import { readFileSync } from 'node:fs';
import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';

/**
 * A real HTTP server on 127.0.0.1 that speaks the Anthropic Messages and OpenAI Chat
 * Completions streaming protocols, so tests drive the real SDKs over a real socket.
 *
 * ```ts
 * const server = await startProviderServer({ apiKey: 'sk-test' });
 * server.script({ text: 'Hello', chunks: 2, fault: { kind: 'cut', afterChunks: 1 } });
 * // point an endpoint at server.anthropicUrl or server.openaiUrl, then:
 * server.requests.at(-1)?.body; // what the client sent
 * await server.close();
 * ```
 *
 * Routes: `POST /v1/messages` (Anthropic), `POST /v1/chat/completions` (OpenAI),
 * `GET /v1/models` (Anthropic's shape when the request has `anthropic-version`, else
 * OpenAI's). Anything else is a plain-text 404, as a wrong base URL gets from Ollama.
 * Error bodies and replays come from test/fixtures/providers (see SOURCES.md there).
 */

export type Protocol = 'anthropic' | 'openai';

/** How the server answers chat requests, until the next `script()` call. */
export interface ReplyScript {
  /** The reply text. Default `Hello from the test server.` */
  text?: string;
  /** Number of text deltas the text is split into (on character boundaries). Default 3. */
  chunks?: number;
  /** Pause before each text delta, in ms. Default 0. */
  delayMs?: number;
  /** Default: 10 input tokens, one output token per chunk. */
  usage?: { inputTokens: number; outputTokens: number };
  /** Default `end_turn` (Anthropic) or `stop` (OpenAI). */
  stopReason?: string;
  /**
   * Write every SSE frame in pieces a few ms apart, cutting inside each multi-byte UTF-8
   * character, so the client's decoder sees characters split across TCP reads.
   */
  fragment?: boolean;
  fault?: Fault;
  /**
   * Which requests a `status` or `hang` fault hits: chat requests (default) or
   * `GET /v1/models`. The other fault kinds only make sense for a stream.
   */
  faultOn?: 'chat' | 'models';
}

export type Fault =
  /**
   * Answer with `status` and the recorded error body for it (401, 404 model, 429, 500,
   * 503, 529, 400; others get a generic body) for the first `times` chat requests
   * (default: all), then reply normally. `retryAfter` / `retryAfterMs` set those headers;
   * `shouldRetry` sets `x-should-retry`.
   */
  | {
      kind: 'status';
      status: number;
      times?: number;
      retryAfter?: string;
      retryAfterMs?: string;
      shouldRetry?: boolean;
    }
  /** After `afterChunks` deltas, send the protocol's error event (default type: Anthropic `overloaded_error`, OpenAI `server_error`) and end. */
  | { kind: 'error-event'; afterChunks: number; errorType?: string; message?: string }
  /** After `afterChunks` deltas, destroy the socket: no end marker, no final chunk. */
  | { kind: 'cut'; afterChunks: number }
  /** After `afterChunks` deltas, an event whose data is not JSON (a proxy's truncation). */
  | { kind: 'bad-json'; afterChunks: number }
  /** After `afterChunks` deltas, end the HTTP response cleanly but without the end marker. */
  | { kind: 'end-early'; afterChunks: number }
  /** After `afterChunks` deltas, keep the connection open and send nothing more. */
  | { kind: 'stall'; afterChunks: number }
  /** Read the request and never answer, not even headers. */
  | { kind: 'hang' }
  /**
   * Send a recorded SSE file verbatim, one frame per write (with `delayMs` and
   * `fragment` applied), e.g. `anthropic/stream-text.sse`. OpenAI's usage-only chunk is
   * dropped unless the request asked for `stream_options.include_usage`, as the real API does.
   */
  | { kind: 'replay'; fixture: string };

export interface RecordedRequest {
  method: string;
  /** Path and query, e.g. `/v1/models?limit=1000`. */
  path: string;
  headers: IncomingHttpHeaders;
  /**
   * The parsed JSON body; undefined when there was none or it was not JSON. Typed loosely
   * so tests can read what the client sent (`body.max_tokens`) without casts.
   */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
  /** Which protocol the route belongs to; undefined for unknown routes. */
  protocol?: Protocol;
  /** `Date.now()` when the request arrived, to check retry spacing. */
  receivedAt: number;
  /** `Date.now()` when the response closed: finished, or dropped by either side. */
  closedAt?: number;
}

export interface ProviderServerOptions {
  /** When set, requests without this key get the recorded 401 bodies. */
  apiKey?: string;
  /** Model ids for `GET /v1/models`. Default: the recorded lists. */
  models?: string[];
  /** Serve the model list in pages of this size (Anthropic `after_id`, OpenAI `after`). */
  modelsPageSize?: number;
  /** The first script. */
  script?: ReplyScript;
}

export interface ProviderServer {
  /** `http://127.0.0.1:PORT` */
  url: string;
  /** Base URL for an Anthropic endpoint (the SDK appends `/v1/messages`). */
  anthropicUrl: string;
  /** Base URL for an OpenAI-compatible endpoint: `url` + `/v1`. */
  openaiUrl: string;
  /** Every request so far, in arrival order. */
  readonly requests: RecordedRequest[];
  /** Replace the script for the requests that follow; fault counters start again. */
  script(script: ReplyScript): void;
  /** Stop listening and drop every open connection (stalled and hanging ones too). */
  close(): Promise<void>;
}

const FIXTURES = new URL('../fixtures/providers/', import.meta.url);
const SSE_HEADERS = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache',
};
const FRAGMENT_GAP_MS = 3;

/** Recorded error bodies by status. 503 borrows the 529 / 500 envelopes (composed). */
const ERROR_FIXTURES: Record<Protocol, Record<number, string>> = {
  anthropic: {
    400: 'anthropic/error-400-max-tokens.json',
    401: 'anthropic/error-401.json',
    404: 'anthropic/error-404-model.json',
    429: 'anthropic/error-429.json',
    500: 'anthropic/error-500.json',
    503: 'anthropic/error-529.json',
    529: 'anthropic/error-529.json',
  },
  openai: {
    401: 'openai/error-401.json',
    404: 'openai/error-404-model.json',
    429: 'openai/error-429.json',
    500: 'openai/error-500.json',
    503: 'openai/error-500.json',
    529: 'openai/error-500.json',
  },
};

export async function startProviderServer(
  options: ProviderServerOptions = {},
): Promise<ProviderServer> {
  const requests: RecordedRequest[] = [];
  let current: ReplyScript = options.script ?? {};
  let faultsServed = 0;
  let sequence = 0;

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      console.error('provider-server:', err);
      res.destroy();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const url = new URL(req.url ?? '/', 'http://test');
    const protocol = routeProtocol(req.method ?? '', url.pathname, req.headers);
    const body = parseJson(raw);
    const record: RecordedRequest = {
      method: req.method ?? '',
      path: url.pathname + url.search,
      headers: req.headers,
      body,
      protocol,
      receivedAt: Date.now(),
    };
    requests.push(record);
    res.on('close', () => (record.closedAt = Date.now()));
    const id = ++sequence;
    if (!protocol) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('404 page not found');
      return;
    }
    const sentModel = (body as { model?: unknown } | undefined)?.model;
    const model = typeof sentModel === 'string' ? sentModel : '';
    const keyProblem = checkKey(protocol, req.headers, options.apiKey);
    if (keyProblem) {
      const file = keyProblem === 'missing' ? `${protocol}/error-401-missing-key.json` : undefined;
      sendError(res, protocol, 401, { id, model, sentKey: sentKey(protocol, req.headers), file });
      return;
    }
    const script = current;
    const fault = script.fault;
    const route = url.pathname === '/v1/models' ? 'models' : 'chat';
    if (route === (script.faultOn ?? 'chat')) {
      if (fault?.kind === 'status' && faultsServed < (fault.times ?? Infinity)) {
        faultsServed++;
        sendError(res, protocol, fault.status, { id, model, fault });
        return;
      }
      if (fault?.kind === 'hang') return;
    }
    if (route === 'models') {
      sendJson(res, 200, modelList(protocol, url.searchParams, options));
      return;
    }
    if (fault?.kind === 'replay') {
      await replay(res, fault.fixture, script, includeUsage(body));
      return;
    }
    const frames =
      protocol === 'anthropic'
        ? anthropicFrames(script, model, id)
        : openaiFrames(script, model, id, includeUsage(body));
    await streamFrames(res, frames, script);
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    anthropicUrl: url,
    openaiUrl: `${url}/v1`,
    requests,
    script(script) {
      current = script;
      faultsServed = 0;
    },
    close() {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

function routeProtocol(
  method: string,
  path: string,
  headers: IncomingHttpHeaders,
): Protocol | undefined {
  if (method === 'POST' && path === '/v1/messages') return 'anthropic';
  if (method === 'POST' && path === '/v1/chat/completions') return 'openai';
  if (method === 'GET' && path === '/v1/models') {
    return headers['anthropic-version'] ? 'anthropic' : 'openai';
  }
  return undefined;
}

/** The key a request carries: Anthropic takes `x-api-key` or a bearer token, OpenAI a bearer token. */
function sentKey(protocol: Protocol, headers: IncomingHttpHeaders): string | undefined {
  const apiKeyHeader = headers['x-api-key'];
  if (protocol === 'anthropic' && typeof apiKeyHeader === 'string') return apiKeyHeader;
  return /^Bearer (.+)$/.exec(headers.authorization ?? '')?.[1];
}

function checkKey(
  protocol: Protocol,
  headers: IncomingHttpHeaders,
  apiKey: string | undefined,
): 'missing' | 'wrong' | undefined {
  if (apiKey === undefined) return undefined;
  const key = sentKey(protocol, headers);
  if (!key) return 'missing';
  return key === apiKey ? undefined : 'wrong';
}

interface Frames {
  head: string[];
  deltas: string[];
  tail: string[];
  /** The protocol's in-stream error frame, for the `error-event` fault. */
  error(type: string | undefined, message: string | undefined): string;
}

function anthropicFrames(script: ReplyScript, model: string, id: number): Frames {
  const pieces = splitText(script);
  const usage = usageFor(script, pieces.length);
  const event = (data: { type: string } & Record<string, unknown>) =>
    `event: ${data.type}\ndata: ${JSON.stringify(data)}\n\n`;
  return {
    head: [
      event({
        type: 'message_start',
        message: {
          model,
          id: `msg_test_${id}`,
          type: 'message',
          role: 'assistant',
          content: [],
          stop_reason: null,
          stop_sequence: null,
          usage: { input_tokens: usage.inputTokens, output_tokens: 1 },
        },
      }),
      event({ type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }),
      event({ type: 'ping' }),
    ],
    deltas: pieces.map((text) =>
      event({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text } }),
    ),
    tail: [
      event({ type: 'content_block_stop', index: 0 }),
      event({
        type: 'message_delta',
        delta: { stop_reason: script.stopReason ?? 'end_turn', stop_sequence: null },
        usage: { output_tokens: usage.outputTokens },
      }),
      event({ type: 'message_stop' }),
    ],
    error(type, message) {
      if (!type && !message) return fixture('anthropic/stream-error-event.sse.tail');
      return event({
        type: 'error',
        error: { type: type ?? 'overloaded_error', message: message ?? 'Overloaded' },
      });
    },
  };
}

function openaiFrames(script: ReplyScript, model: string, id: number, withUsage: boolean): Frames {
  const pieces = splitText(script);
  const usage = usageFor(script, pieces.length);
  const chunk = (choices: unknown[], extra: Record<string, unknown> = {}) =>
    `data: ${JSON.stringify({
      id: `chatcmpl-test-${id}`,
      object: 'chat.completion.chunk',
      created: 1727346168,
      model,
      choices,
      ...extra,
    })}\n\n`;
  const choice = (delta: Record<string, unknown>, finish: string | null = null) => ({
    index: 0,
    delta,
    logprobs: null,
    finish_reason: finish,
  });
  return {
    head: [chunk([choice({ role: 'assistant', content: '', refusal: null })])],
    deltas: pieces.map((content) => chunk([choice({ content })])),
    tail: [
      chunk([choice({}, script.stopReason ?? 'stop')]),
      ...(withUsage
        ? [
            chunk([], {
              usage: {
                prompt_tokens: usage.inputTokens,
                completion_tokens: usage.outputTokens,
                total_tokens: usage.inputTokens + usage.outputTokens,
              },
            }),
          ]
        : []),
      'data: [DONE]\n\n',
    ],
    // The shape OpenRouter and the SDK's own tests use for an error inside a 200 stream.
    error(type, message) {
      return `data: ${JSON.stringify({
        error: {
          message: message ?? 'The server had an error while processing your request.',
          type: type ?? 'server_error',
          param: null,
          code: null,
        },
      })}\n\n`;
    },
  };
}

async function streamFrames(
  res: ServerResponse,
  frames: Frames,
  script: ReplyScript,
): Promise<void> {
  const fault = script.fault;
  const stopAt =
    fault && 'afterChunks' in fault ? Math.min(fault.afterChunks, frames.deltas.length) : undefined;
  res.writeHead(200, SSE_HEADERS);
  for (const frame of frames.head) await write(res, frame, script.fragment);
  for (const [i, frame] of frames.deltas.entries()) {
    if (i === stopAt) break;
    if (script.delayMs) await delay(script.delayMs);
    await write(res, frame, script.fragment);
  }
  switch (fault?.kind) {
    case 'error-event':
      await write(res, frames.error(fault.errorType, fault.message), script.fragment);
      res.end();
      return;
    case 'bad-json':
      await write(res, 'event: content_block_delta\ndata: {"type": "content_bl\n\n', false);
      res.end();
      return;
    case 'cut':
      res.destroy();
      return;
    case 'end-early':
      res.end();
      return;
    case 'stall':
      return;
    case undefined:
    case 'status': // once its `times` are used up
    case 'hang': // only when it hits the other route
    case 'replay': // handled before the frames are built
      for (const frame of frames.tail) await write(res, frame, script.fragment);
      res.end();
  }
}

async function replay(
  res: ServerResponse,
  file: string,
  script: ReplyScript,
  withUsage: boolean,
): Promise<void> {
  const frames = fixture(file)
    .split(/(?<=\n\n)/)
    .filter((frame) => frame.trim() && (withUsage || !isUsageOnlyChunk(frame)));
  res.writeHead(200, SSE_HEADERS);
  for (const frame of frames) {
    if (script.delayMs) await delay(script.delayMs);
    await write(res, frame, script.fragment);
  }
  res.end();
}

function isUsageOnlyChunk(frame: string): boolean {
  const data = /^data: (\{.*\})\s*$/s.exec(frame)?.[1];
  const json = (data ? parseJson(data) : undefined) as
    { choices?: unknown; usage?: unknown } | undefined;
  return Array.isArray(json?.choices) && json.choices.length === 0 && json.usage !== undefined;
}

/**
 * Write one frame and wait until it is handed to the socket, so a fault that follows
 * (a cut) never swallows it. With `fragment`, in pieces that end inside multi-byte
 * characters, a few ms apart.
 */
async function write(res: ServerResponse, frame: string, fragment = false): Promise<void> {
  const bytes = Buffer.from(frame);
  let start = 0;
  if (fragment) {
    for (let i = 0; i < bytes.length; i++) {
      // A lead byte of a multi-byte character: cut right after it.
      if (bytes[i]! >= 0xc0) {
        await flush(res, bytes.subarray(start, i + 1));
        start = i + 1;
        await delay(FRAGMENT_GAP_MS);
      }
    }
  }
  await flush(res, bytes.subarray(start));
}

function flush(res: ServerResponse, bytes: Buffer): Promise<void> {
  if (res.destroyed) return Promise.resolve();
  return new Promise((resolve) => res.write(bytes, () => resolve()));
}

function sendError(
  res: ServerResponse,
  protocol: Protocol,
  status: number,
  details: {
    id: number;
    model: string;
    sentKey?: string;
    file?: string;
    fault?: Extract<Fault, { kind: 'status' }>;
  },
): void {
  const file = details.file ?? ERROR_FIXTURES[protocol][status];
  const recorded = file
    ? (JSON.parse(fixture(file)) as { headers: Record<string, string>; body: unknown })
    : { headers: { 'content-type': 'application/json' }, body: genericErrorBody(protocol, status) };
  const fault = details.fault;
  const key = details.sentKey ?? '';
  const fill = (text: string) =>
    text
      .replaceAll('{{request_id}}', `req_test_${details.id}`)
      .replaceAll('{{model}}', details.model)
      .replaceAll('{{masked_key}}', `${key.slice(0, 8)}****...${key.slice(-4)}`)
      .replaceAll('{{retry_after}}', fault?.retryAfter ?? '')
      .replaceAll('{{reset_iso}}', new Date(Date.now() + 60_000).toISOString());
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(recorded.headers)) {
    // A templated retry-after the fault does not set is left out, as in the recorded 429s.
    if (value === '{{retry_after}}' && fault?.retryAfter === undefined) continue;
    headers[name] = fill(value);
  }
  if (fault?.retryAfter !== undefined) headers['retry-after'] = fault.retryAfter;
  if (fault?.retryAfterMs !== undefined) headers['retry-after-ms'] = fault.retryAfterMs;
  if (fault?.shouldRetry !== undefined) headers['x-should-retry'] = String(fault.shouldRetry);
  res.writeHead(status, headers);
  res.end(fill(JSON.stringify(recorded.body)));
}

function genericErrorBody(protocol: Protocol, status: number): unknown {
  const message = `Test server error ${status}`;
  return protocol === 'anthropic'
    ? { type: 'error', error: { type: 'api_error', message } }
    : { error: { message, type: 'server_error', param: null, code: null } };
}

function modelList(
  protocol: Protocol,
  query: URLSearchParams,
  options: ProviderServerOptions,
): unknown {
  const recorded = JSON.parse(fixture(`${protocol}/models.json`)) as { data: { id: string }[] };
  const all = options.models
    ? options.models.map((id) =>
        protocol === 'anthropic'
          ? { type: 'model', id, display_name: id, created_at: '2025-01-01T00:00:00Z' }
          : { id, object: 'model', created: 1715367049, owned_by: 'system' },
      )
    : recorded.data;
  const pageSize = options.modelsPageSize;
  if (protocol === 'openai' && pageSize === undefined) return { object: 'list', data: all };

  const after = query.get(protocol === 'anthropic' ? 'after_id' : 'after');
  const start = after ? all.findIndex((model) => model.id === after) + 1 : 0;
  const limit = Math.min(Number(query.get('limit') ?? 20), pageSize ?? Infinity);
  const data = all.slice(start, start + limit);
  const has_more = start + limit < all.length;
  if (protocol === 'openai') return { object: 'list', data, has_more };
  return { data, has_more, first_id: data[0]?.id ?? null, last_id: data.at(-1)?.id ?? null };
}

function splitText(script: ReplyScript): string[] {
  const chars = Array.from(script.text ?? 'Hello from the test server.');
  const count = Math.max(1, Math.min(script.chunks ?? 3, chars.length));
  return Array.from({ length: count }, (_, i) =>
    chars
      .slice(Math.floor((i * chars.length) / count), Math.floor(((i + 1) * chars.length) / count))
      .join(''),
  );
}

function usageFor(script: ReplyScript, chunks: number) {
  return script.usage ?? { inputTokens: 10, outputTokens: chunks };
}

function includeUsage(body: unknown): boolean {
  const options = (body as { stream_options?: { include_usage?: unknown } } | undefined)
    ?.stream_options;
  return options?.include_usage === true;
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

function fixture(file: string): string {
  return readFileSync(new URL(file, FIXTURES), 'utf8');
}

function parseJson(text: string): unknown {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
