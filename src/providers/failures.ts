import { AichatError } from '../core/errors.js';
import { ProxyError } from './proxy.js';
import { serverRetryDelayMs, type RetryDecision } from './retry.js';
import type { ProviderErrorKind } from './types.js';

/**
 * Turns whatever a request failed with (an SDK error, a network error, a stall) into a
 * kind and one line naming the endpoint, the cause and what to do. Both adapters share
 * this, so a cause reads the same whatever the provider.
 */

/** What an error line may draw on. `apiKey` is here only so it can be scrubbed out. */
export interface FailureContext {
  endpointName: string;
  baseUrl: string;
  apiKey?: string;
  model?: string;
  /** The path the SDK appends to the base URL for this request, e.g. `/chat/completions`. */
  path: string;
  /** How a working base URL looks for this provider; shown after a 404 on the path. */
  urlHint: string;
}

export interface Failure {
  kind: ProviderErrorKind;
  status?: number;
  /** What went wrong, e.g. `bad API key (401)`. */
  cause: string;
  /** What to do about it. */
  hint?: string;
  /** Worth another try, as long as no text has arrived yet. */
  retryable: boolean;
  /** How long the server asked us to wait, when it did. */
  retryAfterMs?: number;
}

/** A provider failure thrown (by listModels); `reason` says which. */
export class ProviderError extends AichatError {
  readonly reason: ProviderErrorKind;
  readonly status?: number;

  constructor(message: string, reason: ProviderErrorKind, status?: number) {
    super('provider', message);
    this.reason = reason;
    if (status !== undefined) this.status = status;
  }
}

/** A 200 reply to a streaming request that is not a stream: a web page, or JSON. */
export class NotStreamingError extends Error {
  constructor(readonly contentType: string) {
    super(`expected an event stream, got ${contentType}`);
  }
}

/** Throw NotStreamingError unless the response can be an event stream. */
export function expectEventStream(response: Response): void {
  const type = response.headers.get('content-type') ?? '';
  // Only reject what is surely not a stream: some servers label SSE loosely.
  if (/^\s*(text\/html|application\/json)/i.test(type)) throw new NotStreamingError(type);
}

const DEFAULTS: Record<ProviderErrorKind, { cause: string; hint?: (name: string) => string }> = {
  auth: {
    cause: 'bad API key',
    hint: (name) => `check it with: aichat endpoint edit ${name} --key-stdin`,
  },
  not_found: {
    cause: 'not found',
    hint: (name) => `check the URL and model with: aichat endpoint test ${name}`,
  },
  bad_request: {
    cause: 'request rejected',
    hint: () => 'check the model id, max tokens and temperature',
  },
  rate_limited: { cause: 'rate limited', hint: () => 'wait a moment and try again' },
  overloaded: { cause: 'overloaded', hint: () => 'try again in a moment' },
  server: {
    cause: 'server error',
    hint: () => 'try again; if it keeps failing, the service may be down',
  },
  unreachable: { cause: 'unreachable', hint: () => 'is the server running?' },
  timeout: { cause: 'timed out', hint: () => 'the server may be busy or stuck; try again' },
  cut: { cause: 'the reply was cut off mid-stream', hint: () => 'try again' },
  cancelled: { cause: 'cancelled' },
  stream_error: { cause: 'the server reported an error mid-stream', hint: () => 'try again' },
};

/**
 * The standard line for a kind of failure, e.g.
 * `endpoint "work": timed out (after 10 s) — the server may be busy or stuck; try again`.
 */
export function describeProviderError(
  endpointName: string,
  kind: ProviderErrorKind,
  detail?: string,
): string {
  const { cause, hint } = DEFAULTS[kind];
  return formatLine(
    endpointName,
    detail ? `${cause} (${detail})` : cause,
    hint?.(shellWord(endpointName)),
  );
}

/** The line shown for `failure`, with the key and anything key-like scrubbed out. */
export function failureLine(ctx: FailureContext, failure: Failure): string {
  return scrub(formatLine(ctx.endpointName, failure.cause, failure.hint), ctx.apiKey);
}

function formatLine(endpointName: string, cause: string, hint: string | undefined): string {
  const line = `endpoint ${JSON.stringify(endpointName)}: ${cause}${hint ? ` — ${hint}` : ''}`;
  return line.replace(/\s+/g, ' ').trim();
}

/** A failure with the standard cause and hint for its kind. */
function standard(kind: ProviderErrorKind, ctx: FailureContext, cause?: string): Failure {
  const defaults = DEFAULTS[kind];
  return {
    kind,
    cause: cause ?? defaults.cause,
    hint: defaults.hint?.(shellWord(ctx.endpointName)),
    retryable: false,
  };
}

/** A stream that stopped without its end marker, for one of the reasons we can tell. */
export function endedEarly(
  kind: 'cancelled' | 'timeout' | 'cut',
  ctx: FailureContext,
  details: { sawText: boolean; idleTimeoutMs: number },
): Failure {
  switch (kind) {
    case 'cancelled':
      return standard('cancelled', ctx);
    case 'timeout':
      return standard(
        'timeout',
        ctx,
        `timed out: no data for ${formatDuration(details.idleTimeoutMs)}${details.sawText ? ' mid-reply' : ''}`,
      );
    case 'cut':
      return standard(
        'cut',
        ctx,
        details.sawText
          ? 'the reply was cut off mid-stream'
          : 'the connection closed before the reply ended',
      );
  }
}

/** Add what retrying did to the final failure: the retries made, or the wait refused. */
export function noteRetries(
  failure: Failure,
  decision: Extract<RetryDecision, { retry: false }>,
  retries: number,
): Failure {
  if (decision.reason === 'wait_too_long') {
    return {
      ...failure,
      cause: `${failure.cause}; the server asks to wait ${formatDuration(decision.waitMs)}`,
      hint: 'try again after that',
    };
  }
  if (decision.reason === 'exhausted' && retries > 0) {
    return {
      ...failure,
      cause: `${failure.cause}, still after ${retries} ${retries === 1 ? 'retry' : 'retries'}`,
    };
  }
  return failure;
}

/**
 * Classify an error thrown while sending or streaming. `afterResponse` tells a network
 * error on a stream already under way (a cut) from one that kept us from connecting.
 */
export function classifyError(err: unknown, ctx: FailureContext, afterResponse: boolean): Failure {
  const proxyError = findProxyError(err);
  if (proxyError) return fromProxy(proxyError, ctx);
  if (err instanceof NotStreamingError) {
    return {
      ...standard('stream_error', ctx),
      cause: `the server did not stream (content-type: ${err.contentType})`,
      hint: urlHint(ctx),
    };
  }
  const status = numberField(err, 'status');
  if (status !== undefined) return fromStatus(status, err, ctx);
  const info = errorInfo(err);
  if (info.type ?? info.code) return fromStreamErrorEvent(info, ctx);
  const code = networkCode(err);
  if (code) {
    if (afterResponse) {
      return standard('cut', ctx, `the connection was lost mid-reply (${networkCause(code)})`);
    }
    return fromNetwork(code, ctx);
  }
  if (err instanceof SyntaxError) {
    return standard('stream_error', ctx, 'the server sent data that is not valid JSON');
  }
  const message = err instanceof Error ? err.message : String(err);
  return standard('stream_error', ctx, `unexpected failure: ${clip(message, ctx)}`);
}

function fromStatus(status: number, err: unknown, ctx: FailureContext): Failure {
  const info = errorInfo(err);
  const headers = headersOf(err);
  const detail = info.message ? `: ${clip(info.message, ctx)}` : '';
  const name = shellWord(ctx.endpointName);
  const failure = (kind: ProviderErrorKind, cause: string, more: Partial<Failure> = {}) => ({
    ...standard(kind, ctx, cause),
    status,
    ...more,
  });
  // Worth retrying unless the server says not to (Anthropic's `x-should-retry`).
  const retry = {
    retryable: headers?.get('x-should-retry') !== 'false',
    retryAfterMs: serverRetryDelayMs(headers),
  };

  if (status === 401) {
    // The server's own message is left out: OpenAI's echoes the (masked) key.
    return ctx.apiKey
      ? failure('auth', 'bad API key (401)')
      : failure('auth', 'the server wants an API key (401) and none is set', {
          hint: `add one with: aichat endpoint edit ${name} --key-stdin`,
        });
  }
  if (status === 403) {
    return failure('auth', `access denied (403)${detail}`, {
      hint: `check the key's permissions, or set another with: aichat endpoint edit ${name} --key-stdin`,
    });
  }
  if (status === 404) {
    return ctx.model && isUnknownModel(info)
      ? failure('not_found', `unknown model ${JSON.stringify(ctx.model)} (404)`, {
          // endpoint test only counts the models; import is what names them.
          hint: `check its id (aichat model list), or add the ones it serves: aichat model import ${name}`,
        })
      : failure('not_found', `nothing at ${joinUrl(ctx.baseUrl, ctx.path)} (404)`, {
          hint: urlHint(ctx),
        });
  }
  if (status >= 300 && status < 400) {
    const location = headers?.get('location');
    const target = location ? ` to ${displayUrl(location)}` : '';
    return failure('not_found', `the URL redirects${target} (${status})`, {
      hint: `store the new URL with: aichat endpoint edit ${name} --url URL`,
    });
  }
  if (status === 429) {
    // An empty balance does not refill by waiting.
    return info.code === 'insufficient_quota' || info.type === 'insufficient_quota'
      ? failure('rate_limited', `quota exceeded (429)${detail}`, {
          hint: "check the plan and billing of this endpoint's key",
        })
      : failure('rate_limited', 'rate limited (429)', retry);
  }
  if (status === 503 || status === 529)
    return failure('overloaded', `overloaded (${status})`, retry);
  if (status === 500 || status === 502 || status === 504) {
    return failure('server', `server error (${status})${detail}`, retry);
  }
  if (status >= 500) return failure('server', `server error (${status})${detail}`);
  return failure('bad_request', `request rejected (${status})${detail}`);
}

/** Error types a server names inside a stream (Anthropic `error` events, OpenAI `error` chunks). */
const STREAM_ERROR_KINDS: Record<string, ProviderErrorKind> = {
  overloaded_error: 'overloaded',
  rate_limit_error: 'rate_limited',
  rate_limit_exceeded: 'rate_limited',
  api_error: 'server',
  server_error: 'server',
  authentication_error: 'auth',
  invalid_api_key: 'auth',
  permission_error: 'auth',
  not_found_error: 'not_found',
  model_not_found: 'not_found',
  invalid_request_error: 'bad_request',
  request_too_large: 'bad_request',
  timeout_error: 'timeout',
};
const RETRYABLE_KINDS: ReadonlySet<ProviderErrorKind> = new Set([
  'rate_limited',
  'overloaded',
  'server',
]);

function fromStreamErrorEvent(info: ErrorInfo, ctx: FailureContext): Failure {
  // OpenAI's rate limit says `type: "tokens"` and `code: "rate_limit_exceeded"`: whichever
  // of the two is known names the kind.
  const known = [info.type, info.code].find(
    (name) => name && Object.hasOwn(STREAM_ERROR_KINDS, name),
  );
  const type = (known ?? info.type ?? info.code)!;
  const kind = known ? STREAM_ERROR_KINDS[known]! : 'stream_error';
  const said = info.message ? `${type}: ${clip(info.message, ctx)}` : type;
  return {
    ...standard(kind, ctx),
    cause: `${DEFAULTS[kind].cause} (error event in the stream: ${said})`,
    retryable: RETRYABLE_KINDS.has(kind),
  };
}

const NETWORK_CAUSES: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host name lookup failed',
  ECONNRESET: 'connection reset',
  EPIPE: 'connection closed',
  ETIMEDOUT: 'connection timed out',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ERR_INVALID_URL: 'not an http or https URL',
};

function networkCause(code: string): string {
  return NETWORK_CAUSES[code] ?? (isTlsCode(code) ? `TLS failed: ${code}` : code);
}

function isTlsCode(code: string): boolean {
  return /CERT|TLS|SSL/.test(code) || code === 'EPROTO';
}

function fromNetwork(code: string, ctx: FailureContext): Failure {
  return {
    ...standard('unreachable', ctx),
    cause: `unreachable at ${displayUrl(ctx.baseUrl)} (${networkCause(code)})`,
    hint: networkHint(code, shellWord(ctx.endpointName)),
  };
}

function networkHint(code: string, name: string): string {
  if (code === 'ECONNREFUSED') return 'is the server running?';
  if (code === 'ERR_INVALID_URL') return `fix it with: aichat endpoint edit ${name} --url URL`;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return `check the host name, or change it with: aichat endpoint edit ${name} --url URL`;
  }
  if (isTlsCode(code)) return "check http vs https in the URL and the server's certificate";
  return 'check the network and the URL';
}

/** The SDKs wrap what fetch rejected with (APIConnectionError), so look along the causes. */
function findProxyError(err: unknown): ProxyError | undefined {
  for (let e = err, depth = 0; isRecord(e) && depth < 6; e = e.cause, depth++) {
    if (e instanceof ProxyError) return e;
  }
  return undefined;
}

/** The proxy, never the endpoint, is named as what failed; it is shown without credentials. */
function fromProxy(err: ProxyError, ctx: FailureContext): Failure {
  const { problem, envVar, proxy, target } = err;
  const failure = (cause: string, hint: string): Failure => ({
    ...standard('unreachable', ctx),
    cause,
    hint,
  });
  const bypass = `or list ${target.replace(/:\d+$/, '')} in NO_PROXY`;
  switch (problem.kind) {
    case 'invalid':
      return failure(
        `the proxy in ${envVar} is not a valid URL`,
        `set it as http://HOST:PORT, or unset it`,
      );
    case 'unsupported':
      return failure(
        `the proxy in ${envVar} is a ${problem.scheme} proxy, which aichat does not support`,
        `use an http:// proxy, or unset ${envVar}`,
      );
    case 'refused':
      if (problem.status === 407) {
        return proxy?.includes('***@')
          ? failure(
              `proxy ${proxy} refused its credentials (407)`,
              `check the user and password in ${envVar}`,
            )
          : failure(
              `proxy ${proxy} wants credentials (407)`,
              `put USER:PASSWORD@ before the proxy's host in ${envVar}`,
            );
      }
      return failure(
        problem.status === 403
          ? `proxy ${proxy} refused to connect to ${target} (403)`
          : `proxy ${proxy} could not connect to ${target} (${problem.status})`,
        `check the endpoint's URL and the proxy, ${bypass}`,
      );
    case 'network':
      return failure(
        `cannot use proxy ${proxy} (${networkCause(problem.code)})`,
        `is the proxy running? check ${envVar}, ${bypass}`,
      );
  }
}

interface ErrorInfo {
  type?: string;
  code?: string;
  message?: string;
}

/**
 * The server's error body as the SDKs keep it: Anthropic's `error` is the whole body
 * (`{type, error: {type, message}}`), OpenAI's is the inner object (`{message, type, code}`).
 * A body that was not JSON only survives in the SDK's message, after the status.
 */
function errorInfo(err: unknown): ErrorInfo {
  const body = field(err, 'error');
  const inner = isRecord(body) && isRecord(body.error) ? body.error : body;
  const text = (key: string) => {
    const value = isRecord(inner) ? inner[key] : undefined;
    return typeof value === 'string' && value ? value : undefined;
  };
  const info: ErrorInfo = { type: text('type'), code: text('code'), message: text('message') };
  if (!isRecord(inner) && err instanceof Error) {
    info.message =
      err.message.replace(/^\d{3}\s+(status code \(no body\))?/, '').trim() || undefined;
  }
  return info;
}

function isUnknownModel(info: ErrorInfo): boolean {
  return info.code === 'model_not_found' || /\bmodel\b/i.test(info.message ?? '');
}

/** The first `code` along the cause chain: the SDKs wrap the network error they got. */
function networkCode(err: unknown): string | undefined {
  for (let e = err, depth = 0; isRecord(e) && depth < 6; e = e.cause, depth++) {
    // Node's codes are upper case; lower-case ones are an API's error codes, not the network's.
    if (typeof e.code === 'string' && /^[A-Z][A-Z0-9_]*$/.test(e.code)) return e.code;
  }
  return undefined;
}

function headersOf(err: unknown): { get(name: string): string | null } | undefined {
  const headers = field(err, 'headers');
  return isRecord(headers) && typeof headers.get === 'function'
    ? (headers as unknown as { get(name: string): string | null })
    : undefined;
}

function field(value: unknown, key: string): unknown {
  return isRecord(value) ? value[key] : undefined;
}

function numberField(value: unknown, key: string): number | undefined {
  const n = field(value, key);
  return typeof n === 'number' ? n : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function urlHint(ctx: FailureContext): string {
  return `check the URL (${ctx.urlHint}) with: aichat endpoint edit ${shellWord(ctx.endpointName)} --url URL`;
}

function joinUrl(baseUrl: string, path: string): string {
  return displayUrl(baseUrl).replace(/\/+$/, '') + path;
}

/** A URL fit to show: no user info, query or fragment (any of which may hold a secret). */
function displayUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname === '/' ? '' : u.pathname.replace(/\/+$/, '')}`;
  } catch {
    return url.replace(/[?#].*$/, '');
  }
}

/** Seconds for anything a person waits for; milliseconds below one second. */
function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const seconds = ms / 1000;
  return `${seconds < 10 ? Math.round(seconds * 10) / 10 : Math.round(seconds)} s`;
}

/**
 * A server message fit for one line: whitespace collapsed, long text cut. Scrubbed first:
 * a key the message echoes could otherwise be cut in two, past recognising.
 */
function clip(text: string, ctx: FailureContext, max = 160): string {
  const line = scrub(text, ctx.apiKey).replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/** The endpoint name as one word of a shell command the user can paste. */
function shellWord(text: string): string {
  return /^[\w.@%+=:,/-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

/**
 * Remove the key, and anything that looks like one, from text a server may have written:
 * OpenAI's 401 echoes a masked key (`sk-ab****...wxyz`). The user and password of any URL
 * (a proxy's, say) become `***`: `http://***@proxy:3128`.
 */
export function scrub(text: string, apiKey?: string): string {
  let out = apiKey && apiKey.length >= 4 ? text.split(apiKey).join('***') : text;
  // Not `***@`: that is a URL whose credentials are already hidden.
  out = out.replace(/[^\s"'`]*\*{3,}(?![*@])(?:[^\s"'`]*[^\s"'`.,;:)])?/g, '***');
  out = out.replace(/\b(?:sk|gsk|xai)[-_][\w-]{8,}/g, '***');
  return out.replace(/\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#"'`]+@/gi, '$1***@');
}
