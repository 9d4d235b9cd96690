import { describe, expect, it } from 'vitest';
import { backoffMs, nextRetry, serverRetryDelayMs, sleep } from '../../src/providers/retry.js';

const headers = (entries: Record<string, string>) => new Headers(entries);
const policy = { maxRetries: 3, maxRetryWaitMs: 30_000, baseDelayMs: 500 };

describe('serverRetryDelayMs', () => {
  const now = Date.parse('2026-11-01T12:00:00Z');

  it('reads retry-after-ms first, exactly', () => {
    expect(serverRetryDelayMs(headers({ 'retry-after-ms': '250', 'retry-after': '9' }), now)).toBe(
      250,
    );
  });

  it('reads retry-after as seconds', () => {
    expect(serverRetryDelayMs(headers({ 'retry-after': '7' }), now)).toBe(7000);
    expect(serverRetryDelayMs(headers({ 'retry-after': '0.5' }), now)).toBe(500);
  });

  it('reads retry-after as an HTTP date, never negative', () => {
    expect(
      serverRetryDelayMs(headers({ 'retry-after': 'Sun, 01 Nov 2026 12:00:30 GMT' }), now),
    ).toBe(30_000);
    expect(
      serverRetryDelayMs(headers({ 'retry-after': 'Sun, 01 Nov 2026 11:00:00 GMT' }), now),
    ).toBe(0);
  });

  it('ignores what it cannot read', () => {
    expect(serverRetryDelayMs(headers({ 'retry-after': 'soon' }), now)).toBeUndefined();
    expect(serverRetryDelayMs(headers({ 'retry-after-ms': '-5' }), now)).toBeUndefined();
    expect(serverRetryDelayMs(headers({}), now)).toBeUndefined();
    expect(serverRetryDelayMs(undefined, now)).toBeUndefined();
  });
});

describe('backoffMs', () => {
  it('doubles per retry, jitter keeping it between half and all of the step', () => {
    expect(backoffMs(0, 500, () => 0)).toBe(250);
    expect(backoffMs(0, 500, () => 1)).toBe(500);
    expect(backoffMs(2, 500, () => 0)).toBe(1000);
    expect(backoffMs(2, 500, () => 1)).toBe(2000);
  });

  it('stops growing at 8 s', () => {
    expect(backoffMs(20, 500, () => 1)).toBe(8000);
  });
});

describe('nextRetry', () => {
  it('retries a retryable failure with the server’s wait, else with backoff', () => {
    expect(nextRetry({ retryable: true, retryAfterMs: 1200 }, 0, policy)).toEqual({
      retry: true,
      waitMs: 1200,
    });
    expect(nextRetry({ retryable: true }, 1, policy, () => 0)).toEqual({
      retry: true,
      waitMs: 500,
    });
  });

  it('gives up when not retryable, or out of retries', () => {
    expect(nextRetry({ retryable: false }, 0, policy)).toEqual({
      retry: false,
      reason: 'not_retryable',
    });
    expect(nextRetry({ retryable: true }, 3, policy)).toEqual({
      retry: false,
      reason: 'exhausted',
    });
  });

  it('refuses a wait longer than the limit, and says how long it was', () => {
    expect(nextRetry({ retryable: true, retryAfterMs: 60_000 }, 0, policy)).toEqual({
      retry: false,
      reason: 'wait_too_long',
      waitMs: 60_000,
    });
  });

  it('never waits longer than the limit on its own backoff', () => {
    const tight = { ...policy, maxRetryWaitMs: 100 };
    expect(nextRetry({ retryable: true }, 2, tight, () => 1)).toEqual({ retry: true, waitMs: 100 });
  });
});

describe('sleep', () => {
  it('resolves true after the wait, false at once on abort', async () => {
    expect(await sleep(5)).toBe(true);
    const controller = new AbortController();
    const started = Date.now();
    const slept = sleep(10_000, controller.signal);
    controller.abort();
    expect(await slept).toBe(false);
    expect(Date.now() - started).toBeLessThan(100);
    expect(await sleep(10_000, AbortSignal.abort())).toBe(false);
  });
});
