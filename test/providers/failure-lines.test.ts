import { describe, expect, it } from 'vitest';
import {
  classifyError,
  describeProviderError,
  failureLine,
  scrub,
  type FailureContext,
} from '../../src/providers/failures.js';

const ctx: FailureContext = {
  endpointName: 'work',
  baseUrl: 'https://user:pw@api.example.com/v1?key=secret',
  apiKey: 'sk-live-abcdefghijklmnop',
  model: 'gpt-x',
  path: '/chat/completions',
  urlHint: 'OpenAI-compatible addresses usually end in /v1',
};

const networkError = (code: string) =>
  Object.assign(new Error('Connection error.'), { cause: Object.assign(new Error('x'), { code }) });

describe('classifyError', () => {
  it('names a host that does not resolve, with how to change the URL', () => {
    const failure = classifyError(networkError('ENOTFOUND'), ctx, false);
    expect(failure.kind).toBe('unreachable');
    expect(failureLine(ctx, failure)).toBe(
      'endpoint "work": unreachable at https://api.example.com/v1 (host not found) — check the host name, or change it with: aichat endpoint edit work --url URL',
    );
  });

  it('points at http vs https for TLS failures', () => {
    const failure = classifyError(networkError('ERR_SSL_WRONG_VERSION_NUMBER'), ctx, false);
    expect(failure.cause).toContain('TLS failed');
    expect(failure.hint).toContain('http vs https');
  });

  it('calls a network error after the response started a cut', () => {
    const failure = classifyError(networkError('ECONNRESET'), ctx, true);
    expect(failure.kind).toBe('cut');
    expect(failure.cause).toBe('the connection was lost mid-reply (connection reset)');
  });

  it('treats quota exhaustion as not worth retrying', () => {
    const err = Object.assign(new Error('429'), {
      status: 429,
      headers: new Headers(),
      error: {
        message: 'You exceeded your current quota.',
        type: 'insufficient_quota',
        code: 'insufficient_quota',
      },
    });
    const failure = classifyError(err, ctx, false);
    expect(failure).toMatchObject({ kind: 'rate_limited', retryable: false });
    expect(failure.cause).toContain('quota exceeded (429)');
  });

  it('reports a redirect with where it goes, query left out', () => {
    const err = Object.assign(new Error('301'), {
      status: 301,
      headers: new Headers({ location: 'https://new.example.com/v1?token=abc' }),
    });
    expect(failureLine(ctx, classifyError(err, ctx, false))).toBe(
      'endpoint "work": the URL redirects to https://new.example.com/v1 (301) — store the new URL with: aichat endpoint edit work --url URL',
    );
  });

  it('reads a non-JSON error body from the SDK message', () => {
    const err = Object.assign(new Error('502 <html>Bad gateway</html>'), {
      status: 502,
      headers: new Headers(),
    });
    expect(classifyError(err, ctx, false).cause).toBe(
      'server error (502): <html>Bad gateway</html>',
    );
  });
});

describe('failureLine', () => {
  it('never shows the key, a masked key, or secrets in the URL', () => {
    const err = Object.assign(new Error('400'), {
      status: 400,
      headers: new Headers(),
      error: { message: `Key sk-live-abcdefghijklmnop or sk-li****...mnop is not valid for this.` },
    });
    const line = failureLine(ctx, classifyError(err, ctx, false));
    expect(line).not.toMatch(/abcdefghijklmnop|mnop|\*\*\*\*|user|pw|secret/);
    expect(line).toContain('request rejected (400)');
  });

  it('quotes an endpoint name with spaces in the commands it suggests', () => {
    const line = describeProviderError("Bob's box", 'auth');
    expect(line).toBe(
      `endpoint "Bob's box": bad API key — check it with: aichat endpoint edit 'Bob'\\''s box' --key-stdin`,
    );
  });
});

describe('describeProviderError', () => {
  it('gives the standard line for a kind, with an optional detail', () => {
    expect(describeProviderError('local', 'timeout', 'after 10 s')).toBe(
      'endpoint "local": timed out (after 10 s) — the server may be busy or stuck; try again',
    );
    expect(describeProviderError('local', 'cancelled')).toBe('endpoint "local": cancelled');
  });
});

describe('scrub', () => {
  it('removes the raw key, masked keys and key-shaped tokens', () => {
    expect(scrub('a sk-live-abcdefghijklmnop b', 'sk-live-abcdefghijklmnop')).toBe('a *** b');
    expect(scrub('Incorrect API key provided: sk-VKMIs****...wjh3.')).toBe(
      'Incorrect API key provided: ***.',
    );
    expect(scrub('token gsk_0123456789abcdef here')).toBe('token *** here');
  });
});
