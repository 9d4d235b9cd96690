import http from 'node:http';
import https from 'node:https';
import { classifyError, failureLine, ProviderError } from './failures.js';
import type { ProviderTarget } from './types.js';

/**
 * Whether anything answers at the endpoint's base URL: any HTTP status counts (many
 * APIs answer their bare base URL with 404). The first step of `endpoint test`, so a
 * wrong host or a stopped server is named before any key is sent.
 */
export function reach(target: ProviderTarget, timeoutMs: number): Promise<{ status: number }> {
  const ctx = { endpointName: target.endpointName, baseUrl: target.baseUrl, path: '', urlHint: '' };
  const url = new URL(target.baseUrl);
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const request = client.get(url, { timeout: timeoutMs }, (response) => {
      response.resume();
      resolve({ status: response.statusCode ?? 0 });
    });
    request.on('timeout', () => {
      request.destroy();
      reject(
        new ProviderError(
          failureLine(ctx, {
            kind: 'timeout',
            cause: `no answer within ${timeoutMs / 1000} s`,
            hint: 'check the URL and the network',
            retryable: false,
          }),
          'timeout',
        ),
      );
    });
    request.on('error', (err) => {
      const failure = classifyError(err, ctx, false);
      reject(new ProviderError(failureLine(ctx, failure), failure.kind));
    });
  });
}
