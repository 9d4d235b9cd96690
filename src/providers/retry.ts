/** When to try a failed request again, and how long to wait first. Pure but for `sleep`. */

export interface RetryPolicy {
  maxRetries: number;
  /** A server asking for a longer wait than this is not waited for. */
  maxRetryWaitMs: number;
  /** First backoff step when the server names no wait; doubles per retry. */
  baseDelayMs: number;
}

/** What a failed try says about retrying. */
export interface RetrySignal {
  retryable: boolean;
  /** How long the server asked to wait, when it did. */
  retryAfterMs?: number;
}

export type RetryDecision =
  | { retry: true; waitMs: number }
  | { retry: false; reason: 'not_retryable' | 'exhausted' }
  | { retry: false; reason: 'wait_too_long'; waitMs: number };

/** Backoff never grows past this, whatever the retry count. */
const MAX_BACKOFF_MS = 8_000;

/**
 * The wait a server asks for: `retry-after-ms` (OpenAI's, exact), else `retry-after` as
 * seconds or an HTTP date. Undefined when neither header is there or readable.
 */
export function serverRetryDelayMs(
  headers: { get(name: string): string | null } | undefined,
  now: number = Date.now(),
): number | undefined {
  const ms = headers?.get('retry-after-ms')?.trim();
  if (ms && /^\d+(\.\d+)?$/.test(ms)) return Math.ceil(Number(ms));
  const after = headers?.get('retry-after')?.trim();
  if (!after) return undefined;
  if (/^\d+(\.\d+)?$/.test(after)) return Math.ceil(Number(after) * 1000);
  const date = Date.parse(after);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * Exponential backoff with "equal jitter": half the step is fixed, half random, so
 * clients that failed together do not all come back at the same moment.
 */
export function backoffMs(retry: number, baseDelayMs: number, random: () => number): number {
  const step = Math.min(MAX_BACKOFF_MS, baseDelayMs * 2 ** retry);
  return Math.round(step / 2 + (random() * step) / 2);
}

/** Decide about one failed try, given how many retries were already made. */
export function nextRetry(
  failure: RetrySignal,
  retriesDone: number,
  policy: RetryPolicy,
  random: () => number = Math.random,
): RetryDecision {
  if (!failure.retryable) return { retry: false, reason: 'not_retryable' };
  const asked = failure.retryAfterMs;
  if (asked !== undefined && asked > policy.maxRetryWaitMs) {
    return { retry: false, reason: 'wait_too_long', waitMs: asked };
  }
  if (retriesDone >= policy.maxRetries) return { retry: false, reason: 'exhausted' };
  const waitMs = asked ?? backoffMs(retriesDone, policy.baseDelayMs, random);
  return { retry: true, waitMs: Math.min(waitMs, policy.maxRetryWaitMs) };
}

/** Wait `ms`; resolves false at once if `signal` aborts first. */
export function sleep(ms: number, signal?: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve(false);
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
