import { classifyError, endedEarly, failureLine, ProviderError } from './failures.js';
import { createHttpFetch } from './http-fetch.js';
import type { ProviderTarget } from './types.js';

/**
 * Whether anything answers at the endpoint's base URL: any HTTP status counts (many
 * APIs answer their bare base URL with 404). The first step of `endpoint test`, so a
 * wrong host, a stopped server or a proxy that will not let us through is named before
 * any key is sent. It goes the way the chat requests go (http-fetch), proxy included.
 */
export async function reach(
  target: ProviderTarget,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<{ status: number }> {
  const ctx = { endpointName: target.endpointName, baseUrl: target.baseUrl, path: '', urlHint: '' };
  const controller = new AbortController();
  const cancel = () => controller.abort();
  if (signal?.aborted) cancel();
  signal?.addEventListener('abort', cancel, { once: true });
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  try {
    const response = await createHttpFetch()(target.baseUrl, { signal: controller.signal });
    // The body is not wanted: aborting drops it (on Node 20, cancelling the web stream can
    // throw from a chunk already on its way).
    controller.abort();
    return { status: response.status };
  } catch (err) {
    if (signal?.aborted) {
      const failure = endedEarly('cancelled', ctx, { sawText: false, idleTimeoutMs: timeoutMs });
      throw new ProviderError(failureLine(ctx, failure), 'cancelled');
    }
    if (timedOut) {
      const failure = {
        kind: 'timeout' as const,
        cause: `no answer within ${timeoutMs / 1000} s`,
        hint: 'check the URL and the network',
        retryable: false,
      };
      throw new ProviderError(failureLine(ctx, failure), 'timeout');
    }
    const failure = classifyError(err, ctx, false);
    throw new ProviderError(failureLine(ctx, failure), failure.kind);
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', cancel);
  }
}
