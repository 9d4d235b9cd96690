import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { startProviderServer, type ProviderServer } from '../helpers/provider-server.js';
import { collect, KEY, PROTOCOLS, targetFor } from './harness.js';

let server: ProviderServer;
let elsewhere: ProviderServer;
beforeAll(async () => {
  server = await startProviderServer();
  elsewhere = await startProviderServer();
});
afterAll(async () => {
  await server.close();
  await elsewhere.close();
});
afterEach(() => {
  vi.unstubAllEnvs();
});

/** What the SDKs would read from the environment if the adapters let them. */
function stubSdkEnvironment() {
  vi.stubEnv('ANTHROPIC_API_KEY', 'sk-ant-from-env-aaaaaaaaaaaa');
  vi.stubEnv('ANTHROPIC_AUTH_TOKEN', 'token-from-env');
  vi.stubEnv('ANTHROPIC_BASE_URL', elsewhere.anthropicUrl);
  vi.stubEnv('OPENAI_API_KEY', 'sk-from-env-bbbbbbbbbbbb');
  vi.stubEnv('OPENAI_ADMIN_KEY', 'sk-admin-from-env-cccccccc');
  vi.stubEnv('OPENAI_BASE_URL', elsewhere.openaiUrl);
  vi.stubEnv('OPENAI_ORG_ID', 'org-from-env');
  vi.stubEnv('OPENAI_PROJECT_ID', 'proj-from-env');
}

describe.each(PROTOCOLS)('%s', (provider) => {
  it('sends the endpoint key to the endpoint URL, whatever the environment says', async () => {
    stubSdkEnvironment();
    const { last } = await collect(targetFor(server, provider));
    expect(last.type).toBe('done');
    expect(elsewhere.requests).toHaveLength(0);
    const { headers } = server.requests.at(-1)!;
    expect(headers.authorization).toBe(`Bearer ${KEY}`);
    expect(headers['x-api-key']).toBeUndefined();
    expect(headers['openai-organization']).toBeUndefined();
    expect(headers['openai-project']).toBeUndefined();
  });

  it('sends no credentials at all when the endpoint has no key', async () => {
    stubSdkEnvironment();
    const { last } = await collect(targetFor(server, provider, { apiKey: undefined }));
    expect(last.type).toBe('done');
    expect(elsewhere.requests).toHaveLength(0);
    const { headers } = server.requests.at(-1)!;
    expect(headers.authorization).toBeUndefined();
    expect(headers['x-api-key']).toBeUndefined();
  });
});
