import {
  request as httpRequest,
  type ClientRequest,
  type IncomingMessage,
  type RequestOptions,
} from 'node:http';
import { Transform, pipeline, type Readable } from 'node:stream';
import { https, zlib } from './builtins.js';
import { abortError, proxyFailure, proxyFor, tunnel, type ProxyRoute } from './proxy.js';
import { LiteHeaders, LiteResponse } from './web-lite.js';

/** The `fetch` signature both SDKs accept in their `fetch` option. */
export type Fetch = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

/**
 * A `fetch` for the SDKs built on node:http/https.
 *
 * Why not the global fetch: on Node 20 its first call costs ~70 ms (undici compiles on
 * first use) and a process that used it exits ~160 ms later, which `aichat ask` would pay
 * on every run.
 *
 * It does only what the SDKs need: string or byte bodies, an AbortSignal, gzip/deflate/br
 * replies. Redirects are returned, not followed, so a moved endpoint is reported and its
 * stored URL fixed rather than silently re-posted elsewhere. `onActivity` runs when the
 * response headers and each body chunk arrive, so a caller can time out a stalled stream.
 *
 * Proxies follow the environment (HTTPS_PROXY, HTTP_PROXY, NO_PROXY; see proxy.ts), read
 * at each request: https:// goes through a CONNECT tunnel, http:// is sent to the proxy
 * in absolute form. A failure at the proxy rejects with a ProxyError.
 */
export function createHttpFetch(onActivity: () => void = () => {}): Fetch {
  return async (input, init = {}) => {
    if (typeof input !== 'string' && !(input instanceof URL)) {
      throw new TypeError('fetch: Request objects are not supported');
    }
    const url = new URL(input);
    // The SDKs read only what LiteResponse has of a Response.
    return send(
      url,
      init,
      onActivity,
      proxyFor(url),
      true,
    ) as Promise<unknown> as Promise<Response>;
  };
}

async function send(
  url: URL,
  init: RequestInit,
  onActivity: () => void,
  proxy: ProxyRoute | undefined,
  mayRetryStaleSocket: boolean,
): Promise<LiteResponse> {
  const { signal } = init;
  if (signal?.aborted) throw abortError();
  const method = (init.method ?? 'GET').toUpperCase();
  const body = bodyBytes(init.body);
  const headers = Object.fromEntries(new LiteHeaders(init.headers));
  if (body) headers['content-length'] = String(body.length);
  // https through a proxy: the request's socket is a TLS session inside a CONNECT tunnel.
  const tunnelSocket =
    proxy && url.protocol === 'https:' ? await tunnel(proxy, url, signal ?? undefined) : undefined;
  if (signal?.aborted) {
    tunnelSocket?.destroy();
    throw abortError();
  }

  return new Promise<LiteResponse>((resolve, reject) => {
    let req: ClientRequest;
    let res: IncomingMessage | undefined;
    const onAbort = () => {
      const err = abortError();
      req.destroy(err);
      res?.destroy(err);
    };
    const done = () => signal?.removeEventListener('abort', onAbort);

    const options: RequestOptions = { method, headers };
    if (url.protocol === 'https:') {
      if (tunnelSocket) options.createConnection = () => tunnelSocket;
      req = https().request(url, options);
    } else if (url.protocol === 'http:') {
      if (!proxy) req = httpRequest(url, options);
      else if (proxy.url.protocol === 'https:')
        req = https().request(absoluteForm(proxy, url, options));
      else req = httpRequest(absoluteForm(proxy, url, options));
    } else {
      return reject(
        Object.assign(new TypeError(`unsupported scheme ${url.protocol}`), {
          code: 'ERR_INVALID_URL',
        }),
      );
    }

    signal?.addEventListener('abort', onAbort, { once: true });
    req.on('error', (err: NodeJS.ErrnoException) => {
      if (res) return; // after the headers, errors reach the caller through the body stream
      done();
      // A kept-alive socket the server closed while idle fails at once; the request never
      // reached the server, so sending it again on a fresh socket is safe (Node's advice).
      if (mayRetryStaleSocket && req.reusedSocket && err.code === 'ECONNRESET') {
        resolve(send(url, init, onActivity, proxy, false));
      } else if (proxy && url.protocol === 'http:' && !req.reusedSocket && !signal?.aborted) {
        // Plain http talks to the proxy itself: failing to connect is the proxy's failure.
        reject(proxyFailure(proxy, url, { kind: 'network', code: err.code ?? 'ECONNRESET' }));
      } else {
        reject(err);
      }
    });
    req.on('response', (message) => {
      res = message;
      message.on('close', done);
      onActivity();
      if (proxy && message.statusCode === 407) {
        // Only a proxy sends 407; it is about the proxy's credentials, not the endpoint.
        message.resume();
        reject(proxyFailure(proxy, url, { kind: 'refused', status: 407 }));
        return;
      }
      try {
        resolve(toResponse(message, method, onActivity));
      } catch (err) {
        message.destroy();
        reject(new TypeError('fetch: invalid HTTP response', { cause: err }));
      }
    });
    req.end(body);
  });
}

function bodyBytes(body: RequestInit['body']): Buffer | undefined {
  if (body === undefined || body === null) return undefined;
  if (typeof body === 'string') return Buffer.from(body);
  if (body instanceof Uint8Array) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  if (body instanceof ArrayBuffer) return Buffer.from(body);
  throw new TypeError('fetch: only string and byte bodies are supported');
}

function toResponse(
  message: IncomingMessage,
  method: string,
  onActivity: () => void,
): LiteResponse {
  const status = message.statusCode ?? 0;
  if (status < 200 || status > 599) throw new Error(`invalid HTTP status ${status}`);
  const headers = new LiteHeaders();
  const raw = message.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) headers.append(raw[i]!, raw[i + 1]!);
  // Printable ASCII only, as a Response would insist; the SDKs never read it.
  const statusText = /^[\x20-\x7e]*$/.test(message.statusMessage ?? '')
    ? message.statusMessage
    : '';

  if (method === 'HEAD' || status === 204 || status === 205 || status === 304) {
    message.resume();
    return new LiteResponse(null, { status, statusText, headers });
  }
  const ignore = () => {};
  const tap = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      onActivity();
      callback(null, chunk);
    },
  });
  let stream: Readable = pipeline(message, tap, ignore);
  const decoder = decoderFor(headers.get('content-encoding'));
  if (decoder) {
    stream = pipeline(stream, decoder, ignore);
    headers.delete('content-encoding');
    headers.delete('content-length');
  }
  return new LiteResponse(stream, {
    status,
    statusText,
    headers,
  });
}

const DECODERS: Record<string, () => Transform> = {
  gzip: () => zlib().createGunzip(),
  'x-gzip': () => zlib().createGunzip(),
  deflate: () => zlib().createInflate(),
  br: () => zlib().createBrotliDecompress(),
};

function decoderFor(encoding: string | null): Transform | undefined {
  return encoding ? DECODERS[encoding.trim().toLowerCase()]?.() : undefined;
}

/**
 * For http through a proxy: the request goes to the proxy with the full URL as its
 * target (RFC 9112 absolute form) and the proxy's credentials in Proxy-Authorization.
 */
function absoluteForm(proxy: ProxyRoute, url: URL, options: RequestOptions): RequestOptions {
  return {
    ...options,
    hostname: proxy.url.hostname.replace(/^\[|\]$/g, ''),
    port: proxy.url.port || (proxy.url.protocol === 'https:' ? 443 : 80),
    path: `${url.protocol}//${url.host}${url.pathname}${url.search}`,
    headers: {
      ...options.headers,
      host: url.host,
      ...(proxy.authorization && { 'proxy-authorization': proxy.authorization }),
    },
  };
}
