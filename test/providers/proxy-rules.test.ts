import { describe, expect, test } from 'vitest';
import { classifyError, scrub } from '../../src/providers/failures.js';
import { proxyFor, ProxyError } from '../../src/providers/proxy.js';

const route = (url: string, env: NodeJS.ProcessEnv) => proxyFor(new URL(url), env);
const ctx = { endpointName: 'work', baseUrl: 'https://api.example.test', path: '', urlHint: '' };

describe('which variable applies', () => {
  test('https endpoints use HTTPS_PROXY, http endpoints HTTP_PROXY, neither falls back', () => {
    const env = { HTTPS_PROXY: 'http://secure:1', HTTP_PROXY: 'http://plain:2' };
    expect(route('https://api.example.test', env)?.url.host).toBe('secure:1');
    expect(route('http://api.example.test', env)?.url.host).toBe('plain:2');
    expect(route('https://api.example.test', { HTTP_PROXY: 'http://plain:2' })).toBeUndefined();
    expect(route('http://api.example.test', { HTTPS_PROXY: 'http://secure:1' })).toBeUndefined();
    expect(route('https://api.example.test', { ALL_PROXY: 'http://all:3' })).toBeUndefined();
  });

  test('lower case wins over upper case; empty counts as unset', () => {
    const both = { https_proxy: 'http://lower:1', HTTPS_PROXY: 'http://upper:2' };
    expect(route('https://api.example.test', both)?.url.host).toBe('lower:1');
    expect(
      route('https://x.test', { https_proxy: ' ', HTTPS_PROXY: 'http://upper:2' })?.envVar,
    ).toBe('HTTPS_PROXY');
    expect(route('https://x.test', { HTTPS_PROXY: '' })).toBeUndefined();
  });

  test('a proxy without a scheme is http; its default port is 80', () => {
    expect(route('https://x.test', { HTTPS_PROXY: 'proxy.corp:3128' })?.url.href).toBe(
      'http://proxy.corp:3128/',
    );
    expect(route('https://x.test', { HTTPS_PROXY: 'http://proxy.corp' })?.url.port).toBe('');
  });
});

describe('loopback endpoints always go direct', () => {
  test.each([
    'http://localhost:11434/v1',
    'http://127.0.0.1:8080',
    'https://127.1.2.3',
    'http://[::1]:8000/v1',
  ])('%s', (url) => {
    const env = { HTTPS_PROXY: 'http://proxy:1', HTTP_PROXY: 'http://proxy:1' };
    expect(route(url, env)).toBeUndefined();
  });

  test('even when the proxy variable is unusable', () => {
    expect(route('http://localhost:1', { HTTP_PROXY: 'socks5://x:1' })).toBeUndefined();
  });
});

describe('NO_PROXY', () => {
  const bypass = (url: string, list: string, name = 'NO_PROXY') =>
    route(url, { HTTPS_PROXY: 'http://proxy:1', HTTP_PROXY: 'http://proxy:1', [name]: list }) ===
    undefined;

  test('* covers everything', () => {
    expect(bypass('https://api.example.test', '*')).toBe(true);
  });

  test('a name covers itself and the names under it, with or without a leading dot', () => {
    for (const entry of ['example.test', '.example.test', '*.example.test', 'EXAMPLE.test.']) {
      expect(bypass('https://example.test', entry), entry).toBe(true);
      expect(bypass('https://api.example.test', entry), entry).toBe(true);
      expect(bypass('https://notexample.test', entry), entry).toBe(false);
    }
  });

  test('comma and space separated lists; lower-case no_proxy first', () => {
    expect(bypass('https://b.test', 'a.test, b.test')).toBe(true);
    expect(bypass('https://b.test', 'a.test b.test')).toBe(true);
    expect(bypass('https://c.test', 'a.test,b.test')).toBe(false);
    expect(
      route('https://b.test', {
        HTTPS_PROXY: 'http://p:1',
        no_proxy: 'a.test',
        NO_PROXY: 'b.test',
      }),
    ).toBeDefined();
    expect(bypass('https://a.test', 'a.test', 'no_proxy')).toBe(true);
  });

  test('host:port matches that port only, the scheme default included', () => {
    expect(bypass('https://api.example.test', 'api.example.test:443')).toBe(true);
    expect(bypass('https://api.example.test:8443', 'api.example.test:443')).toBe(false);
    expect(bypass('http://api.example.test', 'api.example.test:80')).toBe(true);
  });

  test('IP addresses, CIDR blocks and IPv6', () => {
    expect(bypass('http://10.1.2.3:8000', '10.1.2.3')).toBe(true);
    expect(bypass('http://10.1.2.3:8000', '10.0.0.0/8')).toBe(true);
    expect(bypass('http://11.1.2.3:8000', '10.0.0.0/8')).toBe(false);
    expect(bypass('http://10.1.2.3:8000', '10.1.2.3:8000')).toBe(true);
    expect(bypass('http://10.1.2.3:8000', '10.1.2.3:9000')).toBe(false);
    expect(bypass('http://[fd00::5]:8000', 'fd00::/8')).toBe(true);
    expect(bypass('http://[fd00::5]:8000', '[fd00::5]:8000')).toBe(true);
    expect(bypass('http://[fd00::5]:8000', 'fd00::6')).toBe(false);
    // A name never matches an IP entry, nor an IP a name.
    expect(bypass('http://10.1.2.3', 'example.test')).toBe(false);
  });
});

describe('proxy credentials', () => {
  test('become Proxy-Authorization: Basic, percent-decoded, and are never shown', () => {
    const found = route('https://x.test', { HTTPS_PROXY: 'http://al%40ice:p%3Ass%20w@proxy:3128' });
    expect(found?.authorization).toBe(`Basic ${Buffer.from('al@ice:p:ss w').toString('base64')}`);
    expect(found?.display).toBe('http://***@proxy:3128');
    expect(found?.url.href).toBe('http://proxy:3128/');
    expect(route('https://x.test', { HTTPS_PROXY: 'http://proxy:3128' })?.display).toBe(
      'http://proxy:3128',
    );
  });

  test('an unusable proxy variable fails without repeating its value', () => {
    for (const value of ['http://user:hunter2@[bad', 'socks5://user:hunter2@proxy:1080']) {
      let error: unknown;
      try {
        route('https://api.example.test', { HTTPS_PROXY: value });
      } catch (err) {
        error = err;
      }
      expect(error).toBeInstanceOf(ProxyError);
      expect(String(error)).not.toContain('hunter2');
      const failure = classifyError(error, ctx, false);
      expect(failure.kind).toBe('unreachable');
      expect(`${failure.cause} ${failure.hint}`).toContain('HTTPS_PROXY');
      expect(`${failure.cause} ${failure.hint}`).not.toContain('hunter2');
    }
  });

  test('scrub hides the user and password of any URL, and keeps the proxy readable', () => {
    expect(scrub('via http://bob:hunter2@proxy:3128/x failed')).toBe(
      'via http://***@proxy:3128/x failed',
    );
    expect(scrub('via http://***@proxy:3128 failed')).toBe('via http://***@proxy:3128 failed');
    expect(scrub('key sk-ab****...wxyz was wrong')).toBe('key *** was wrong');
  });
});
