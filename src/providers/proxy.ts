import { request as httpRequest, type IncomingMessage } from 'node:http';
import { BlockList, isIP, type Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { isLoopback } from '../core/endpoint-rules.js';
import { https, tls } from './builtins.js';

/**
 * Which proxy, if any, a request to an endpoint goes through. Neither SDK honours the
 * proxy variables on Node 20 (and the global fetch that would is slow to load), so
 * http-fetch asks this module.
 *
 * The rules, in order:
 * 1. A loopback endpoint (localhost, 127.0.0.0/8, ::1) always goes direct: a proxy would
 *    reach its own machine, not this one.
 * 2. `no_proxy`, else `NO_PROXY`: a comma- or space-separated list. `*` matches every
 *    host; `example.com`, `.example.com` and `*.example.com` all match example.com and
 *    every name under it; `host:port` matches that port only; an IP matches itself and a
 *    CIDR block (`10.0.0.0/8`) its addresses. Names match without case and without a
 *    trailing dot.
 * 3. An https:// endpoint uses `https_proxy`, else `HTTPS_PROXY`; an http:// endpoint
 *    uses `http_proxy`, else `HTTP_PROXY` (lower case first, as curl reads them). An
 *    empty value counts as unset; neither falls back to the other, and ALL_PROXY is not
 *    read (it usually names a SOCKS proxy).
 *
 * A proxy is `http://[user:password@]host[:port]` (the scheme may be left out; https://
 * works too). Its user and password, percent-decoded, become a `Proxy-Authorization:
 * Basic` header sent to the proxy only, and the proxy is only ever shown as
 * `http://***@host:port`.
 */

/** The proxy a request goes through. */
export interface ProxyRoute {
  /** Where the proxy listens: `http:` or `https:`, host and port, no credentials. */
  url: URL;
  /** How the proxy is shown: `http://***@host:port` when it has credentials. */
  display: string;
  /** Which variable named it, for hints: `HTTPS_PROXY`, `http_proxy`, ... */
  envVar: string;
  /** `Basic ...`, when the proxy URL has a user. */
  authorization?: string;
}

export type ProxyProblem =
  /** The variable's value is not a URL (the value is not repeated: it may hold a password). */
  | { kind: 'invalid' }
  /** A scheme other than http(s), e.g. `socks5:`. */
  | { kind: 'unsupported'; scheme: string }
  /** The proxy answered CONNECT, or a plain-http request, with this status. */
  | { kind: 'refused'; status: number }
  /** No connection to the proxy, or it dropped one: a Node error code. */
  | { kind: 'network'; code: string };

/** A request failed at the proxy rather than at the endpoint. Holds nothing secret. */
export class ProxyError extends Error {
  constructor(
    readonly problem: ProxyProblem,
    readonly envVar: string,
    /** `http://***@host:port`; undefined when the variable's value could not be parsed. */
    readonly proxy: string | undefined,
    /** `host:port` the request was for. */
    readonly target: string,
  ) {
    super(proxyErrorMessage(problem, envVar, proxy, target));
    this.name = 'ProxyError';
  }
}

function proxyErrorMessage(
  problem: ProxyProblem,
  envVar: string,
  proxy: string | undefined,
  target: string,
): string {
  switch (problem.kind) {
    case 'invalid':
      return `the proxy in ${envVar} is not a valid URL`;
    case 'unsupported':
      return `the proxy in ${envVar} uses ${problem.scheme}, which is not supported`;
    case 'refused':
      return `proxy ${proxy} answered ${problem.status} for ${target}`;
    case 'network':
      return `cannot use proxy ${proxy} for ${target} (${problem.code})`;
  }
}

/**
 * The proxy for `target`, or undefined to go direct. Throws ProxyError when the variable
 * that applies is set to something unusable: silently going direct would surprise anyone
 * whose network only lets the proxy out.
 */
export function proxyFor(
  target: URL,
  env: NodeJS.ProcessEnv = process.env,
): ProxyRoute | undefined {
  if (isLoopback(target.href)) return undefined;
  const names =
    target.protocol === 'https:'
      ? ['https_proxy', 'HTTPS_PROXY']
      : target.protocol === 'http:'
        ? ['http_proxy', 'HTTP_PROXY']
        : [];
  const envVar = names.find((name) => env[name]?.trim());
  if (!envVar) return undefined;
  if (bypassed(target, env.no_proxy?.trim() ? env.no_proxy : (env.NO_PROXY ?? ''))) {
    return undefined;
  }
  return parseProxy(env[envVar]!.trim(), envVar, authorityOf(target));
}

function parseProxy(value: string, envVar: string, target: string): ProxyRoute {
  // `proxy:3128` would parse as scheme `proxy:`; a value without `://` is a host.
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `http://${value}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new ProxyError({ kind: 'invalid' }, envVar, undefined, target);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ProxyError({ kind: 'unsupported', scheme: url.protocol }, envVar, undefined, target);
  }
  if (!url.hostname) throw new ProxyError({ kind: 'invalid' }, envVar, undefined, target);
  const hasCredentials = Boolean(url.username || url.password);
  let authorization: string | undefined;
  if (hasCredentials) {
    const user = safeDecode(url.username);
    const password = safeDecode(url.password);
    authorization = `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
  }
  const bare = new URL(`${url.protocol}//${url.host}`);
  const display = `${bare.protocol}//${hasCredentials ? '***@' : ''}${bare.host}`;
  return { url: bare, display, envVar, ...(authorization && { authorization }) };
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** `host:port` with the scheme's default port filled in, IPv6 in brackets. */
function authorityOf(url: URL): string {
  return `${url.hostname}:${portOf(url)}`;
}

function portOf(url: URL): number {
  if (url.port) return Number(url.port);
  return url.protocol === 'https:' ? 443 : 80;
}

/** Whether a NO_PROXY list covers the target. */
function bypassed(target: URL, list: string): boolean {
  const host = target.hostname
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '')
    .toLowerCase();
  const port = portOf(target);
  const hostIp = isIP(host);
  for (const raw of list.split(/[\s,]+/)) {
    const entry = raw.trim().toLowerCase();
    if (!entry) continue;
    if (entry === '*') return true;
    const { name, port: entryPort } = splitEntry(entry);
    if (entryPort !== undefined && entryPort !== port) continue;
    if (hostIp) {
      if (ipMatches(host, hostIp, name)) return true;
      continue;
    }
    const domain = name.replace(/^\*?\./, '').replace(/\.$/, '');
    if (domain && (host === domain || host.endsWith(`.${domain}`))) return true;
  }
  return false;
}

/** `[::1]:8080`, `10.0.0.1:80`, `example.com:443`, a bare IPv6 or CIDR: name and port. */
function splitEntry(entry: string): { name: string; port?: number } {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry);
  if (bracketed) return withPort(bracketed[1]!, bracketed[2]);
  // More than one colon without brackets is an IPv6 address (or block), not host:port.
  if ((entry.match(/:/g) ?? []).length > 1) return { name: entry };
  const hostPort = /^(.*):(\d+)$/.exec(entry);
  return hostPort ? withPort(hostPort[1]!, hostPort[2]) : { name: entry };
}

function withPort(name: string, port: string | undefined): { name: string; port?: number } {
  return port === undefined ? { name } : { name, port: Number(port) };
}

function ipMatches(host: string, family: number, entry: string): boolean {
  const [address = '', bits] = entry.split('/');
  const entryFamily = isIP(address);
  if (entryFamily !== family) return false;
  const type = family === 6 ? 'ipv6' : 'ipv4';
  const list = new BlockList();
  if (bits === undefined) list.addAddress(address, type);
  else if (/^\d+$/.test(bits) && Number(bits) <= (family === 6 ? 128 : 32)) {
    list.addSubnet(address, Number(bits), type);
  } else return false;
  return list.check(host, type);
}

/**
 * A TLS connection to `target` through an HTTP CONNECT tunnel. The proxy sees the host
 * and port only; the TLS session, the request and the API key pass through it encrypted.
 * Rejects with ProxyError when the proxy cannot be reached or refuses the tunnel, and
 * with the signal's AbortError when aborted first. Certificates are checked as on a
 * direct connection, against the endpoint's host name.
 */
export function tunnel(route: ProxyRoute, target: URL, signal?: AbortSignal): Promise<TLSSocket> {
  const authority = authorityOf(target);
  const host = target.hostname.replace(/^\[|\]$/g, '');
  const fail = (problem: ProxyProblem) => proxyFailure(route, target, problem);
  return new Promise((resolve, reject) => {
    const request = route.url.protocol === 'https:' ? https().request : httpRequest;
    const connect = request({
      host: route.url.hostname.replace(/^\[|\]$/g, ''),
      port: portOf(route.url),
      method: 'CONNECT',
      path: authority,
      headers: {
        host: authority,
        ...(route.authorization && { 'proxy-authorization': route.authorization }),
      },
      agent: false,
    });
    const onAbort = () => connect.destroy(abortError());
    signal?.addEventListener('abort', onAbort, { once: true });
    const settle = () => signal?.removeEventListener('abort', onAbort);

    connect.on('connect', (response: IncomingMessage, socket: Socket, head: Buffer) => {
      settle();
      const status = response.statusCode ?? 0;
      if (status < 200 || status > 299) {
        socket.destroy();
        reject(fail({ kind: 'refused', status }));
        return;
      }
      if (head.length > 0) socket.unshift(head);
      resolve(
        tls().connect({
          socket,
          host,
          // SNI carries names only; an IP address is checked against the certificate as is.
          ...(isIP(host) ? {} : { servername: host }),
          ALPNProtocols: ['http/1.1'],
        }),
      );
    });
    // A proxy that answers CONNECT with a body-less error and closes still emits
    // 'connect'; one that drops the connection or speaks garbage ends up here.
    connect.on('error', (err: NodeJS.ErrnoException) => {
      settle();
      if (signal?.aborted) reject(err);
      else reject(fail({ kind: 'network', code: err.code ?? 'ECONNRESET' }));
    });
    connect.end();
  });
}

/** The error for a proxy that refused a request, or could not be reached. */
export function proxyFailure(route: ProxyRoute, target: URL, problem: ProxyProblem): ProxyError {
  return new ProxyError(problem, route.envVar, route.display, authorityOf(target));
}

/** What fetch rejects with on abort; both SDKs recognise it by name. */
export function abortError(): DOMException {
  return new DOMException('This operation was aborted', 'AbortError');
}
