/** Rules for endpoints that need no I/O: URL checks and how a key is shown. */
import { usageError } from './errors.js';
import type { Endpoint, ProviderKind } from './types.js';

export const providers: readonly ProviderKind[] = ['anthropic', 'openai'];

export function parseProvider(value: string): ProviderKind {
  const found = providers.find((p) => p === value);
  if (!found) throw usageError(`unknown provider "${value}": use anthropic or openai`);
  return found;
}

/**
 * Only http(s) URLs with a host; spaces around it and the trailing slash are dropped, so
 * paths join cleanly.
 */
export function normalizeBaseUrl(value: string): string {
  // A URL holds no spaces (its own are %20) and one scheme: two pasted URLs, or one pasted
  // after a prompt's default, are not one URL with an odd path.
  if (/\s/.test(value.trim())) {
    throw usageError('a URL has no spaces in it: give one, like https://api.example.com/v1');
  }
  if (/:\/\/.*:\/\//.test(value)) {
    throw usageError('that is two URLs run together: give one, like https://api.example.com/v1');
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw usageError(`"${value}" is not a URL: give one like https://api.example.com/v1`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw usageError(`"${value}" is not an http:// or https:// URL`);
  }
  if (url.username || url.password) {
    throw usageError('put the key in --key-stdin or --key-env, not in the URL');
  }
  return url.href.replace(/\/+$/, '');
}

export function isLoopback(baseUrl: string): boolean {
  const host = new URL(baseUrl).hostname.replace(/^\[|\]$/g, '');
  return host === 'localhost' || host === '::1' || /^127\./.test(host);
}

/** A warning when a key would travel in clear text to another machine. */
export function plainTextKeyWarning(endpoint: Pick<Endpoint, 'baseUrl' | 'sealedKey' | 'keyEnv'>) {
  const hasKey = Boolean(endpoint.sealedKey || endpoint.keyEnv);
  if (!hasKey || !endpoint.baseUrl.startsWith('http:') || isLoopback(endpoint.baseUrl))
    return undefined;
  return `the key for ${endpoint.baseUrl} will travel unencrypted over http://; use https:// if the server supports it`;
}

/** `sk-...wxyz`: enough to recognise a key, never enough to use it. */
export function maskKey(key: string): string {
  if (key.length < 12) return '****';
  return `${key.slice(0, 3)}...${key.slice(-4)}`;
}

/** How an endpoint's key is described anywhere it is shown. */
export function describeKey(endpoint: Pick<Endpoint, 'keyHint' | 'keyEnv' | 'keyLost'>): string {
  if (endpoint.keyEnv) return `$${endpoint.keyEnv}`;
  if (endpoint.keyHint) return endpoint.keyHint;
  return endpoint.keyLost ? 'lost (password reset)' : 'none';
}

/** Said at sign-in while keys an admin's password reset dropped are not set again. */
export const lostKeysWarning = (names: string[]) =>
  `an admin reset your password, which dropped your stored API keys: set them again with aichat endpoint edit NAME --key-stdin, for: ${names.join(', ')}`;

/** What to do about a key an admin's password reset dropped. */
export const keyLostMessage = (name: string) =>
  `the key of endpoint "${name}" was dropped when an admin reset your password: set it again with aichat endpoint edit ${name} --key-stdin`;
